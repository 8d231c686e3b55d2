import { definePlaybook, type Finding, type LogAnalytics } from '@triage/core';
import { detectContainerLogTable } from './container-log-table.js';
import { parseSince } from './kql-literal.js';
import { type LogFindingKind, type LogFindingScope, logFinding } from './log-findings.js';
import { type ContainerLogsParams, containerLogsParams } from './params.js';
import {
  containerErrorsQuery,
  iisServerErrorsQuery,
  type LogQuery,
  type LogScope,
} from './query-templates.js';
import { containerLogsTriggers } from './triggers.js';

const errorsKind: LogFindingKind = { what: 'error lines', severity: 'warning' };
const iisKind: LogFindingKind = { what: 'IIS requests answered 5xx', severity: 'warning' };

function findingScope(params: ContainerLogsParams, tableName: string): LogFindingScope {
  const { namespace, pod, workload, container } = params;
  const base = pod
    ? `pod ${namespace}/${pod}`
    : workload
      ? `workload ${namespace}/${workload}`
      : `namespace ${namespace}`;
  return {
    subject: pod ? `pod/${namespace}/${pod}` : `namespace/${namespace}`,
    label: container ? `${base} container ${container}` : base,
    since: params.since,
    tableName,
  };
}

async function runQuery(
  logs: LogAnalytics,
  signal: AbortSignal,
  workspace: string | undefined,
  query: LogQuery,
) {
  const result = await logs.query(workspace, query.query, {
    timespan: query.timespan,
    rowLimit: query.rowLimit,
    signal,
  });
  return { table: result.tables[0], partialError: result.partialError };
}

/**
 * Container logs from Azure Log Analytics for what `kubectl logs` no longer has (restarted or deleted
 * pods, Windows containers): error lines grouped by message pattern, and IIS requests answered 5xx.
 * Reads ContainerLogV2, or legacy ContainerLog + KubePodInventory when the workspace has no V2 rows.
 *
 * @example triage run container-logs --namespace web --workload checkout --since 6h
 */
export const containerLogsPlaybook = definePlaybook({
  name: 'container-logs',
  summary:
    'Error lines and IIS 5xx of a pod, workload or namespace from Azure Log Analytics, grouped by pattern',
  params: containerLogsParams,
  triggers: containerLogsTriggers,
  timeoutMs: 120_000,
  async run(ctx, params): Promise<Finding[]> {
    const { logs } = ctx;
    const scope: LogScope = { namespace: params.namespace };
    if (params.pod) scope.pod = params.pod;
    if (params.workload) scope.workload = params.workload;
    if (params.container) scope.container = params.container;
    if (!logs) {
      const s = findingScope(params, 'Log Analytics');
      return [
        {
          severity: 'info',
          title: `Container logs of ${s.label} are unavailable: no Log Analytics workspace is configured`,
          detail:
            'Set TRIAGE_LOG_ANALYTICS_WORKSPACE_ID (and credentials) to read logs kubectl no longer has.',
          subject: s.subject,
          evidence: [],
        },
      ];
    }
    await ctx.progress(`Finding which container log table the Log Analytics workspace has`);
    const table = await detectContainerLogTable(logs, params.workspace, {
      now: ctx.clock,
      signal: ctx.signal,
    });
    const s = findingScope(params, table === 'v2' ? 'ContainerLogV2' : 'ContainerLog');
    const bounds = { sinceSeconds: parseSince(params.since) };
    const findings: Finding[] = [];
    for (const [query, kind] of [
      [containerErrorsQuery(table, scope, bounds), errorsKind],
      [iisServerErrorsQuery(table, scope, bounds), iisKind],
    ] as const) {
      await ctx.progress(`Querying ${s.tableName}: ${kind.what} in ${s.label}, last ${params.since}`);
      const { table: rows, partialError } = await runQuery(logs, ctx.signal, params.workspace, query);
      findings.push(logFinding(query, rows, partialError, s, kind));
    }
    return findings;
  },
});
