import { isNamespaceName, isObjectName } from '@triage/kube';
import type { SlackAction } from './slack-config.js';

/** A `/triage` command that runs a playbook: which, with what, about what. */
export interface PlaybookCommand {
  kind: 'playbook';
  action: SlackAction;
  playbook: string;
  params: Record<string, unknown>;
  /** Labels naming the subject, so the runner files the run under the right investigation. */
  labels: Record<string, string>;
  /** `--cluster`, when given. */
  cluster?: string;
}

/** A `/triage` command answered by the gateway itself. */
export interface InfoCommand {
  kind: 'info';
  action: 'help' | 'status' | 'playbooks';
  cluster?: string;
}

export type ParsedCommand = PlaybookCommand | InfoCommand;

/** The parse result: the command, or what was wrong (shown with the usage, ephemeral). */
export type CommandParse = { ok: true; command: ParsedCommand } | { ok: false; error: string };

/** One line per command, for `/triage help` and usage errors. */
export const commandUsage: Readonly<
  Record<Exclude<SlackAction, 'rerun' | 'trace' | 'silence' | 'close' | 'apply-fix'>, string>
> = {
  help: '`/triage help` — this list',
  node: '`/triage node <node>` — node health (conditions, pressure, kubelet, pods)',
  pdb: '`/triage pdb <node>` or `/triage pdb -n <namespace>` — what blocks a drain',
  dns: '`/triage dns <namespace>/<pod> [--for 30s]` — trace DNS from a pod (at most 120s)',
  tcp: '`/triage tcp <namespace>/<pod> | <namespace>/svc/<service> [--for 30s]` — trace TCP (at most 120s)',
  winlogs: '`/triage winlogs <node>` — collect Windows node logs (privileged)',
  logs: '`/triage logs <namespace>/<pod> [--since 1h]` — container logs from Log Analytics (at most 7d)',
  kql: '`/triage kql <query>` — a raw Log Analytics query (privileged)',
  report: '`/triage report` — cluster health report',
  status: '`/triage status` — open investigations',
  playbooks: '`/triage playbooks` — the playbooks Triage runs',
};

/** Every command's usage, with the common `--cluster` option. */
export function helpText(): string {
  return [
    '*Triage commands* (add `--cluster <name>` to any of them):',
    ...Object.values(commandUsage).map((line) => `• ${line}`),
  ].join('\n');
}

const MAX_TRACE_SECONDS = 120;
const MAX_SINCE_SECONDS = 7 * 24 * 3600;
const MAX_KQL_LENGTH = 2000;
const unitSeconds: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `30s` → 30, `2m` → 120; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,6})([smhd])$/.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  return Number(match[1]) * (unitSeconds[match[2]] ?? 0);
}

class UsageError extends Error {}

const fail = (message: string): never => {
  throw new UsageError(message);
};

/** Splits `--flag value` options from positional words; `-n` is `--namespace`. */
function splitOptions(words: string[], allowed: readonly string[]) {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as string;
    if (!word.startsWith('-')) {
      positional.push(word);
      continue;
    }
    const name = word === '-n' ? 'namespace' : word.replace(/^--/, '');
    if (!allowed.includes(name)) fail(`unknown option ${word.slice(0, 40)}`);
    const value = words[i + 1];
    if (value === undefined || value.startsWith('-')) fail(`${word} needs a value`);
    options[name] = value as string;
    i += 1;
  }
  return { options, positional };
}

function nodeName(value: string | undefined, command: string): string {
  if (value === undefined) return fail(`${command} needs a node name`);
  if (!isObjectName(value))
    fail(`"${value.slice(0, 80)}" is not a Kubernetes node name (DNS-1123 subdomain)`);
  return value;
}

function namespaceName(value: string): string {
  if (!isNamespaceName(value)) fail(`"${value.slice(0, 80)}" is not a namespace name (DNS-1123 label)`);
  return value;
}

/** `ns/name` (and, with `allowService`, `ns/svc/name`) → its parts. */
function objectRef(value: string | undefined, command: string) {
  if (value === undefined) return fail(`${command} needs <namespace>/<name>`);
  const parts = value.split('/');
  const service = parts.length === 3 && (parts[1] === 'svc' || parts[1] === 'service');
  const [namespace, name] = service ? [parts[0], parts[2]] : parts;
  if (!(parts.length === 2 || service) || !namespace || !name)
    fail(`"${value.slice(0, 80)}" is not <namespace>/<name>`);
  namespaceName(namespace as string);
  if (!isObjectName(name as string))
    fail(`"${(name as string).slice(0, 80)}" is not a Kubernetes name (DNS-1123 subdomain)`);
  return { namespace: namespace as string, name: name as string, service };
}

function boundedDuration(value: string | undefined, option: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const seconds = parseDuration(value);
  if (seconds === undefined || seconds < 1 || seconds > max)
    fail(
      `${option} must be a duration like 30s or 2m, at most ${max >= 86_400 ? `${max / 86_400}d` : `${max}s`}`,
    );
  return seconds as number;
}

function noExtra(positional: string[], count: number, command: string): void {
  if (positional.length > count)
    fail(
      `${command} takes ${count} argument${count === 1 ? '' : 's'}; unexpected "${positional[count]?.slice(0, 40)}"`,
    );
}

type Built = Omit<PlaybookCommand, 'kind' | 'action' | 'cluster'>;
type Builder = (words: string[]) => Built;

function trace(mode: 'dns' | 'tcp'): Builder {
  return (words): Built => {
    const { options, positional } = splitOptions(words, ['for']);
    noExtra(positional, 1, mode);
    const ref = objectRef(positional[0], mode);
    if (ref.service && mode === 'dns') fail('dns traces a pod: give <namespace>/<pod>');
    const durationSeconds = boundedDuration(options.for, '--for', 30, MAX_TRACE_SECONDS);
    const target = `${ref.namespace}/${ref.name}`;
    return {
      playbook: 'network-trace',
      params: { ...(ref.service ? { service: target } : { pod: target }), mode, durationSeconds },
      labels: ref.service
        ? { namespace: ref.namespace, service: ref.name }
        : { namespace: ref.namespace, pod: ref.name },
    };
  };
}

const builders: Readonly<Partial<Record<SlackAction, Builder>>> = {
  node(words) {
    const { positional } = splitOptions(words, []);
    noExtra(positional, 1, 'node');
    const node = nodeName(positional[0], 'node');
    return { playbook: 'node-health', params: { node }, labels: { node } };
  },
  pdb(words): Built {
    const { options, positional } = splitOptions(words, ['namespace']);
    if (options.namespace !== undefined) {
      noExtra(positional, 0, 'pdb -n');
      const namespace = namespaceName(options.namespace);
      return { playbook: 'pdb-drain', params: { namespace }, labels: { namespace } };
    }
    noExtra(positional, 1, 'pdb');
    const node = nodeName(positional[0], 'pdb');
    return { playbook: 'pdb-drain', params: { node }, labels: { node } };
  },
  dns: trace('dns'),
  tcp: trace('tcp'),
  winlogs(words) {
    const { positional } = splitOptions(words, []);
    noExtra(positional, 1, 'winlogs');
    const node = nodeName(positional[0], 'winlogs');
    return { playbook: 'windows-logs', params: { node }, labels: { node } };
  },
  logs(words) {
    const { options, positional } = splitOptions(words, ['since']);
    noExtra(positional, 1, 'logs');
    const ref = objectRef(positional[0], 'logs');
    if (ref.service) fail('logs reads a pod: give <namespace>/<pod>');
    const since = options.since ?? '1h';
    boundedDuration(since, '--since', 3600, MAX_SINCE_SECONDS);
    return {
      playbook: 'container-logs',
      params: { namespace: ref.namespace, pod: ref.name, since },
      labels: { namespace: ref.namespace, pod: ref.name },
    };
  },
  report(words) {
    noExtra(splitOptions(words, []).positional, 0, 'report');
    return { playbook: 'health-report', params: {}, labels: {} };
  },
};

/** Takes `--cluster <name>` out of the words (anywhere but inside a kql query). */
function takeCluster(words: string[]): { words: string[]; cluster?: string } {
  const i = words.indexOf('--cluster');
  if (i === -1) return { words };
  const cluster = words[i + 1];
  if (cluster === undefined || !isNamespaceName(cluster))
    fail('--cluster needs a cluster name (lowercase letters, digits and -)');
  return { words: [...words.slice(0, i), ...words.slice(i + 2)], cluster: cluster as string };
}

/**
 * Parses the text of `/triage …` into a command with validated arguments (Kubernetes names, bounded
 * durations). Never throws: mistakes come back as `{ ok: false, error }` for an ephemeral usage reply.
 *
 * @example parseCommand('dns shop/web-1 --for 30s --cluster prod')
 * // { ok: true, command: { kind: 'playbook', action: 'dns', playbook: 'network-trace', cluster: 'prod', … } }
 */
export function parseCommand(text: string): CommandParse {
  try {
    const trimmed = text.trim();
    const [verb = 'help', ...rest] = trimmed === '' ? [] : trimmed.split(/\s+/);
    if (verb === 'kql') return { ok: true, command: kqlCommand(trimmed.slice(3)) };
    const { words, cluster } = takeCluster(rest);
    const scope = cluster ? { cluster } : {};
    if (verb === 'help' || verb === 'status' || verb === 'playbooks') {
      noExtra(words, 0, verb);
      return { ok: true, command: { kind: 'info', action: verb, ...scope } };
    }
    // Own keys only: `toString` and friends are not commands.
    const build = Object.hasOwn(builders, verb) ? builders[verb as SlackAction] : undefined;
    if (!build) return fail(`unknown command "${verb.slice(0, 40)}"`);
    return {
      ok: true,
      command: { kind: 'playbook', action: verb as SlackAction, ...build(words), ...scope },
    };
  } catch (error) {
    if (error instanceof UsageError) return { ok: false, error: error.message };
    throw error;
  }
}

/** `kql [--cluster <name>] <query>`: the query is everything after the options, verbatim. */
function kqlCommand(afterVerb: string): PlaybookCommand {
  const match = /^\s+--cluster\s+(\S+)/.exec(afterVerb);
  const cluster = match ? takeCluster(['--cluster', match[1] as string]).cluster : undefined;
  const query = (match ? afterVerb.slice(match[0].length) : afterVerb).trim();
  if (query === '') fail('kql needs a query');
  if (query.length > MAX_KQL_LENGTH) fail(`the query is longer than ${MAX_KQL_LENGTH} characters`);
  return {
    kind: 'playbook',
    action: 'kql',
    playbook: 'container-logs',
    params: { kql: query },
    labels: {},
    ...(cluster ? { cluster } : {}),
  };
}

/** The usage line of the command a mistake was made in, or the whole help. */
export function usageFor(text: string): string {
  const verb = text.trim().split(/\s+/)[0] ?? '';
  const line = commandUsage[verb as keyof typeof commandUsage];
  return line ? `Usage: ${line}` : helpText();
}
