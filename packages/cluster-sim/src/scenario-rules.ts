import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ScenarioError } from './errors.js';

/**
 * A scenario's behaviour rules (`sim.yaml`): what pods log, how exec answers, what pods that
 * clients create do, and what metrics.k8s.io reports. Not a Kubernetes object. Every section is
 * optional; unknown keys are errors.
 *
 * ```yaml
 * logs:                      # pods/log text; one entry per pod (+ container, + previous instance)
 *   - pod: shop/web-1        # namespace/name (exact)
 *     container: web         # optional: any container when absent
 *     previous: false        # true: answers `kubectl logs --previous`
 *     text: |                # a line starting with an RFC 3339 time is timed by it (--since,
 *       2025-03-04T08:12:30.118Z GET /checkout 502   # --timestamps); other lines take the time before
 * exec:                      # pods/exec answers
 *   - match: { pod: "gadget/*", container: "*", image: "*inspektor-gadget*", command: "*trace_dns*", node: "aks-*" }
 *     stdout: "..."          # stdout/stderr default "", exitCode 0
 *     stderr: ""
 *     exitCode: 0
 *     files: { /tmp/triage/logs.zip: "base64:UEsDBAo=" }   # for `kubectl cp` out (text or base64:)
 * run:                       # pods created by clients; first match wins; none: Running, empty log
 *   - match: { image: "*inspektor-gadget*", command: "*trace_dns*" }
 *     logs: "..."            # the container log once Running
 *     phase: Succeeded       # Succeeded | Failed | Running (stays running)
 *     exitCode: 0            # default 0 (1 for Failed)
 *     runningAfterSeconds: 1 # Pending → Running (default 1)
 *     finishAfterSeconds: 2  # Running → phase (default 2)
 * metrics:                   # metrics.k8s.io/v1beta1 (only for nodes and pods that exist)
 *   nodes: { aks-np1-31415926-vmss000002: { cpu: "1850m", memory: "6912Mi" } }
 *   pods: { shop/web-1: { web: { cpu: "120m", memory: "512Mi" } } }
 * ```
 *
 * Matching: every given `match` field must match its glob (`*` = any run of characters, everything
 * else literal); `command` is argv joined by single spaces; a field given for a fact that is unknown
 * (no node yet) does not match. Exec precedence: the first rule with a `command` glob that matches;
 * else the built-ins (`tar cf -`/`tar xf -` for kubectl cp, `test`, `cat`, `echo`, `true`, `false`,
 * also behind `sh -c`); else the first matching rule that sets stdout, stderr or exitCode; else the
 * runtime's "executable file not found" (exit 126) or `sh: 1: x: not found` (127). A container's
 * files are the `files` of every rule matching it (command ignored) plus what `kubectl cp` wrote.
 */

const matchSchema = z
  .object({
    /** `namespace/name` glob. */
    pod: z.string().optional(),
    container: z.string().optional(),
    image: z.string().optional(),
    /** Glob against argv joined by single spaces. */
    command: z.string().optional(),
    node: z.string().optional(),
  })
  .strict();

const logRuleSchema = z
  .object({
    pod: z.string().regex(/^[^/]+\/[^/]+$/, 'must be namespace/name'),
    container: z.string().optional(),
    previous: z.boolean().default(false),
    text: z.string(),
  })
  .strict();

const execRuleSchema = z
  .object({
    match: matchSchema.default({}),
    /** stdout, stderr and exitCode default to '', '' and 0 when the rule answers a command. */
    stdout: z.string().optional(),
    stderr: z.string().optional(),
    exitCode: z.number().int().min(0).max(255).optional(),
    files: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const runRuleSchema = z
  .object({
    match: matchSchema.default({}),
    logs: z.string().default(''),
    phase: z.enum(['Succeeded', 'Failed', 'Running']).default('Succeeded'),
    exitCode: z.number().int().min(0).max(255).optional(),
    runningAfterSeconds: z.number().min(0).default(1),
    finishAfterSeconds: z.number().min(0).default(2),
  })
  .strict();

const usageSchema = z.object({ cpu: z.string(), memory: z.string() }).strict();

const metricsSchema = z
  .object({
    nodes: z.record(z.string(), usageSchema).default({}),
    pods: z.record(z.string(), z.record(z.string(), usageSchema)).default({}),
  })
  .strict();

/** Zod schema of `sim.yaml`; every section is optional. */
export const scenarioRulesSchema = z
  .object({
    logs: z.array(logRuleSchema).default([]),
    exec: z.array(execRuleSchema).default([]),
    run: z.array(runRuleSchema).default([]),
    metrics: metricsSchema.default({ nodes: {}, pods: {} }),
  })
  .strict();

export type ScenarioRules = z.infer<typeof scenarioRulesSchema>;
export type RuleMatch = z.infer<typeof matchSchema>;
export type LogRule = z.infer<typeof logRuleSchema>;
export type ExecRule = z.infer<typeof execRuleSchema>;
export type RunRule = z.infer<typeof runRuleSchema>;
export type ResourceUsage = z.infer<typeof usageSchema>;

/** Rules of a scenario without `sim.yaml`: no logs, unmatched exec, created pods just run. */
export const EMPTY_RULES: ScenarioRules = scenarioRulesSchema.parse({});

/**
 * Parses the text of a `sim.yaml`. Throws a {@link ScenarioError} naming `source` and the bad field.
 * @example parseScenarioRules(readFileSync(path, 'utf8'), path)
 */
export function parseScenarioRules(text: string, source = 'sim.yaml'): ScenarioRules {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ScenarioError(`${source}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  return validateRules(raw ?? {}, source);
}

/** Validates a raw rules value; the error names `source` and every bad field. */
export function validateRules(raw: unknown, source: string): ScenarioRules {
  const result = scenarioRulesSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new ScenarioError(`${source}: invalid simulator rules: ${problems.join('; ')}`);
  }
  return result.data;
}

/**
 * True when `value` matches `pattern` as a whole, where `*` matches any run of characters (every
 * other character is literal). Greedy with single backtracking point: O(pattern × value), no regex.
 */
export function matchGlob(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (v < value.length) {
    if (p < pattern.length && pattern[p] === '*') {
      starAt = p++;
      resumeAt = v;
    } else if (p < pattern.length && pattern[p] === value[v]) {
      p++;
      v++;
    } else if (starAt !== -1) {
      p = starAt + 1;
      v = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** What a rule's `match` is compared against; absent facts never match a given field. */
export interface MatchSubject {
  /** `namespace/name` */
  pod: string;
  container: string;
  image: string;
  /** argv */
  command: readonly string[];
  node?: string;
}

/** True when every field given in `match` matches the subject. */
export function matchesRule(match: RuleMatch, subject: MatchSubject): boolean {
  const checks: [string | undefined, string | undefined][] = [
    [match.pod, subject.pod],
    [match.container, subject.container],
    [match.image, subject.image],
    [match.command, subject.command.join(' ')],
    [match.node, subject.node],
  ];
  return checks.every(
    ([pattern, value]) => pattern === undefined || (value !== undefined && matchGlob(pattern, value)),
  );
}

/** The first rule whose `match` fits the subject (first match wins), or undefined. */
export function findRule<T extends { match: RuleMatch }>(
  rules: readonly T[],
  subject: MatchSubject,
): T | undefined {
  return rules.find((rule) => matchesRule(rule.match, subject));
}

const LEADING_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})/;

/** The time (epoch ms) of a log line that starts with an RFC 3339 timestamp, else undefined. */
export function leadingTimestamp(line: string): number | undefined {
  const found = LEADING_TIMESTAMP.exec(line);
  if (!found) return undefined;
  const ms = Date.parse(found[0]);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Moves every leading RFC 3339 timestamp of `text` by `offsetMs`, the same offset the scenario loader
 * applies to object timestamps, so logs stay consistent with events. Shifted stamps are written in UTC
 * (`Z`) keeping the original number of fraction digits (digits past milliseconds are kept as they were).
 */
export function shiftLogTimestamps(text: string, offsetMs: number): string {
  if (offsetMs === 0) return text;
  return text
    .split('\n')
    .map((line) => {
      const found = LEADING_TIMESTAMP.exec(line);
      const time = leadingTimestamp(line);
      if (!found || time === undefined) return line;
      const fraction = found[2] ?? '';
      const iso = new Date(time + offsetMs).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
      const millis = iso.slice(20, 23);
      const shiftedFraction =
        fraction.length > 1 ? `.${(millis + fraction.slice(4)).slice(0, fraction.length - 1)}` : '';
      return `${iso.slice(0, 19)}${shiftedFraction}Z${line.slice(found[0].length)}`;
    })
    .join('\n');
}

const resolved = new WeakMap<object, ScenarioRules>();

/**
 * The rules as handlers need them, from what the scenario loader handed over: already parsed rules,
 * the raw YAML value of `sim.yaml`, or nothing ({@link EMPTY_RULES}). Raw values are validated once
 * and cached; invalid ones throw a {@link ScenarioError}.
 */
export function resolveScenarioRules(raw: unknown): ScenarioRules {
  if (raw === undefined || raw === null) return EMPTY_RULES;
  if (typeof raw !== 'object')
    throw new ScenarioError('sim.yaml: invalid simulator rules: (root): expected a mapping');
  const cached = resolved.get(raw);
  if (cached) return cached;
  const rules = validateRules(raw, 'sim.yaml');
  resolved.set(raw, rules);
  return rules;
}

/** The rules with every `logs[].text` timestamp moved by `offsetMs` (see {@link shiftLogTimestamps}). */
export function shiftScenarioRules(rules: ScenarioRules, offsetMs: number): ScenarioRules {
  return {
    ...rules,
    logs: rules.logs.map((rule) => ({ ...rule, text: shiftLogTimestamps(rule.text, offsetMs) })),
  };
}
