import { userInfo } from 'node:os';
import { type Finding, type Signal, sortFindings } from '@triage/core';
import type { RunnerConfig } from '@triage/runner/config';
import { playbooks, runPlaybook } from '@triage/runner/playbooks';
import { createClusterAccess } from '../cluster-access.js';
import type { TriageConfig } from '../config.js';
import { CliError } from '../errors.js';
import { createLogAnalyticsAccess } from '../log-analytics-access.js';
import type { createLogger } from '../logger.js';
import { createPrometheusAccess } from '../prometheus-access.js';

const MARK: Record<Finding['severity'], string> = { critical: '✖', warning: '▲', info: 'ℹ', ok: '✔' };

/** Findings as an on-call engineer reads them in a terminal. */
export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings.\n';
  return sortFindings(findings)
    .map((f) => {
      const lines = [`${MARK[f.severity]} ${f.severity.toUpperCase()}  ${f.title}  [${f.subject}]`];
      if (f.detail) lines.push(...f.detail.split('\n').map((l) => `    ${l}`));
      for (const e of f.evidence) lines.push(`    • ${e.text}  (${e.source})`);
      if (f.remediation) {
        lines.push(`    → ${f.remediation.summary}`);
        for (const step of f.remediation.steps) lines.push(`      - ${step}`);
        if (f.remediation.dryRun)
          lines.push(
            `      dry-run: ${f.remediation.dryRun.ok ? 'passed' : 'failed'}: ${f.remediation.dryRun.detail}`,
          );
      }
      return lines.join('\n');
    })
    .join('\n\n')
    .concat('\n');
}

/** `--node aks-1 --tail 50 --verbose` → `{ node: 'aks-1', tail: '50', verbose: true }`. */
export function parseParams(args: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--') || arg.length < 3)
      throw new CliError(
        'TRIAGE_ERR_CLI_USAGE',
        `unexpected argument ${arg}: parameters are --<name> <value>`,
      );
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const next = args[i + 1];
    if (inline !== undefined) params[name] = inline;
    else if (next !== undefined && !next.startsWith('--')) {
      params[name] = next;
      i++;
    } else params[name] = true;
  }
  return params;
}

/** Who runs the CLI (`cli:<login>`), for the audit label of the diagnostic pods a run creates. */
function cliUser(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No passwd entry for the UID (some containers): the environment is the next best witness.
    return `cli:${process.env.USER ?? 'unknown'}`;
  }
}

/**
 * `triage run <playbook> [--<param> <value>]... [--json]`: runs one playbook against the current
 * kubeconfig context and prints its findings (with --json: `{"findings":[...]}` only).
 */
export async function runCommand(
  args: {
    playbook: string;
    params: Record<string, unknown>;
    json: boolean;
    /** The `kube` config section, with --kubeconfig/--context applied. */
    kube: TriageConfig['kube'];
    /** The `logAnalytics` config section; absent or without a workspace, ctx.logs is absent. */
    logAnalytics?: TriageConfig['logAnalytics'];
    /** The `prometheus` config section; absent or without a URL, ctx.metrics is absent. */
    prometheus?: TriageConfig['prometheus'];
    cluster: string;
    timeoutMs: RunnerConfig['playbookTimeoutMs'];
  },
  log: ReturnType<typeof createLogger>,
  out: NodeJS.WritableStream = process.stdout,
): Promise<Finding[]> {
  const playbook = playbooks.find((p) => p.name === args.playbook);
  if (!playbook)
    throw new CliError(
      'TRIAGE_ERR_CLI_USAGE',
      `no playbook named ${args.playbook} (have: ${playbooks.map((p) => p.name).join(', ')})`,
    );
  const now = new Date().toISOString();
  const trigger: Signal = {
    source: 'cli',
    key: `cli-${now}`,
    status: 'firing',
    name: `run ${playbook.name}`,
    cluster: args.cluster,
    labels: {},
    annotations: {},
    startsAt: now,
    playbook: playbook.name,
    params: args.params,
    requestedBy: cliUser(),
  };
  const findings = await runPlaybook(playbook, args.params, {
    ...createClusterAccess(args.kube),
    ...(args.logAnalytics ? createLogAnalyticsAccess(args.logAnalytics) : {}),
    ...(args.prometheus ? createPrometheusAccess(args.prometheus) : {}),
    clock: () => new Date(),
    log,
    cluster: args.cluster,
    trigger,
    timeoutMs: args.timeoutMs,
    async progress(text) {
      if (!args.json) log.info({ progress: text });
    },
  });
  out.write(args.json ? `${JSON.stringify({ findings })}\n` : formatFindings(findings));
  return findings;
}
