import type { Finding, LogAnalytics, PlaybookContext } from '@triage/core';
import { detectContainerLogTable } from './container-log-table.js';
import {
  type InventoryLabel,
  kubeEventsFinding,
  podRestartsFinding,
  type QueryResult,
} from './inventory-findings.js';
import { kubeEventsQuery, podRestartsQuery } from './inventory-queries.js';
import { type LogFindingKind, logFinding } from './log-findings.js';
import type { ContainerLogsParams } from './params.js';
import {
  containerErrorsQuery,
  iisServerErrorsQuery,
  type LogQuery,
  type LogScope,
  logVolumeQuery,
} from './query-templates.js';
import { logVolumeFinding } from './volume-finding.js';

/**
 * Runs one bounded query and returns its first table (and partial error); on the params' workspace
 * (or the configured one) unless `target` names a workspace or ARM resource.
 */
export type AskLogs = (query: LogQuery, what: string, target?: string) => Promise<QueryResult>;

const errorsKind: LogFindingKind = { what: 'error lines', severity: 'warning' };
const iisKind: LogFindingKind = { what: 'IIS requests answered 5xx', severity: 'warning' };

/** `pod web/checkout-1` / `workload web/checkout` / `namespace web`, and the subject key. */
export function scopeLabel(params: ContainerLogsParams): { subject: string; label: string } {
  const { namespace, pod, workload, node } = params;
  if (!namespace)
    return node
      ? { subject: `node/${node}`, label: `node ${node}` }
      : { subject: 'cluster', label: 'the cluster' };
  if (pod) return { subject: `pod/${namespace}/${pod}`, label: `pod ${namespace}/${pod}` };
  if (workload) return { subject: `namespace/${namespace}`, label: `workload ${namespace}/${workload}` };
  return { subject: `namespace/${namespace}`, label: `namespace ${namespace}` };
}

/**
 * Everything Log Analytics knows about a pod, workload or namespace: error lines and IIS 5xx (grouped
 * by pattern), the log volume histogram, pod phases and restarts (KubePodInventory) and Warning events
 * (KubeEvents), each bounded by the look-back and a row limit.
 */
export async function scopeFindings(
  ctx: PlaybookContext & { logs: LogAnalytics },
  params: ContainerLogsParams & { namespace: string },
  sinceSeconds: number,
  ask: AskLogs,
): Promise<Finding[]> {
  const scope: LogScope = { namespace: params.namespace };
  if (params.pod) scope.pod = params.pod;
  if (params.workload) scope.workload = params.workload;
  if (params.container) scope.container = params.container;
  await ctx.progress('Finding which container log table the Log Analytics workspace has');
  const table = await detectContainerLogTable(ctx.logs, params.workspace, {
    now: ctx.clock,
    signal: ctx.signal,
  });
  const tableName = table === 'v2' ? 'ContainerLogV2' : 'ContainerLog';
  const { subject, label: base } = scopeLabel(params);
  const label = params.container ? `${base} container ${params.container}` : base;
  const who: InventoryLabel = { subject, label, since: params.since };
  const bounds = { sinceSeconds };
  const findings: Finding[] = [];
  for (const [query, kind] of [
    [containerErrorsQuery(table, scope, bounds), errorsKind],
    [iisServerErrorsQuery(table, scope, bounds), iisKind],
  ] as const) {
    const result = await ask(query, `${kind.what} in ${label} (${tableName})`);
    findings.push(logFinding(query, result.table, result.partialError, { ...who, tableName }, kind));
  }
  const volume = logVolumeQuery(table, scope, bounds);
  findings.push(logVolumeFinding(volume, await ask(volume, `log volume of ${label}`), who));
  const inventory = {
    namespace: params.namespace,
    ...(params.pod && { name: params.pod }),
    ...(params.workload && { workload: params.workload }),
  };
  const restarts = podRestartsQuery(inventory, bounds);
  findings.push(
    podRestartsFinding(restarts, await ask(restarts, `pod phases and restarts of ${base}`), {
      ...who,
      label: base,
    }),
  );
  const events = kubeEventsQuery(inventory, bounds);
  findings.push(
    kubeEventsFinding(events, await ask(events, `Warning events about ${base}`), { ...who, label: base }),
  );
  return findings;
}
