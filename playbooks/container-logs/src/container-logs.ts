import { definePlaybook, type Finding, type LogAnalytics } from '@triage/core';
import { alertQuery, alertQueryFinding, rawQuery, rawQueryFinding } from './custom-query-findings.js';
import { nodeStatusFinding } from './inventory-findings.js';
import { nodeStatusHistoryQuery } from './inventory-queries.js';
import { parseSince } from './kql-literal.js';
import { ContainerLogsError, containerLogsErrorCodes } from './errors.js';
import { type LogSearchAlert, logSearchAlertOf } from './log-search-alert.js';
import { type ContainerLogsParams, containerLogsParams } from './params.js';
import { type AskLogs, scopeFindings, scopeLabel } from './scope-findings.js';
import { containerLogsTriggers } from './triggers.js';

/**
 * Re-runs a log search alert's query where the rule ran it (its target resource, resource-centric),
 * unless a workspace is given; when the target denies Triage (401/403), on the configured workspace,
 * saying so, since a shared workspace may hold other clusters' rows too.
 */
async function rerunAlertQuery(
  alert: LogSearchAlert,
  ask: AskLogs,
  params: ContainerLogsParams,
  sinceSeconds: number,
  subject: string,
): Promise<Finding> {
  const query = alertQuery(alert, sinceSeconds);
  const what = `the query of log search alert "${alert.rule}"`;
  const where = { subject, since: params.since };
  if (params.workspace || !alert.scope)
    return alertQueryFinding(alert, query, await ask(query, what), {
      ...where,
      ranOn: params.workspace ? `workspace ${params.workspace}` : 'the configured workspace',
    });
  try {
    const result = await ask(query, what, alert.scope);
    return alertQueryFinding(alert, query, result, {
      ...where,
      ranOn: `the alert's resource ${alert.scope}`,
    });
  } catch (err) {
    if (!(err instanceof ContainerLogsError) || err.code !== containerLogsErrorCodes.accessDenied) throw err;
    const result = await ask(query, `${what} on the configured workspace`);
    return alertQueryFinding(alert, query, result, {
      ...where,
      ranOn: `the configured workspace (Triage may not query the alert's resource ${alert.scope}: ${err.message}; the workspace may hold other resources' rows too)`,
    });
  }
}

/**
 * Container logs from Azure Log Analytics for what `kubectl logs` no longer has (restarted or deleted
 * pods, Windows containers): error lines grouped by message pattern, IIS requests answered 5xx, the log
 * volume, pod restarts and Warning events; a node's status history. Started by a log search alert, it
 * first re-runs the alert's own query over the alert's window. With `kql`, it runs only that raw query.
 * Reads ContainerLogV2, or legacy ContainerLog + KubePodInventory when the workspace has no V2 rows.
 *
 * @example triage run container-logs --namespace web --workload checkout --since 6h
 */
export const containerLogsPlaybook = definePlaybook({
  name: 'container-logs',
  summary:
    'Error lines, IIS 5xx, log volume, restarts and events of a pod, workload or namespace from Azure Log Analytics; re-runs a log search alert’s query',
  params: containerLogsParams,
  triggers: containerLogsTriggers,
  timeoutMs: 120_000,
  async run(ctx, params): Promise<Finding[]> {
    const { subject, label } = scopeLabel(params);
    const logs: LogAnalytics | undefined = ctx.logs;
    if (!logs) {
      return [
        {
          severity: 'info',
          title: `Container logs of ${label} are unavailable: no Log Analytics workspace is configured`,
          detail:
            'Set TRIAGE_LOG_ANALYTICS_WORKSPACE_ID (and credentials) to read logs kubectl no longer has.',
          subject,
          evidence: [],
        },
      ];
    }
    const sinceSeconds = parseSince(params.since);
    const ask: AskLogs = async (query, what, target = params.workspace) => {
      await ctx.progress(`Querying Log Analytics: ${what}, ${query.timespan}`);
      const result = await logs.query(target, query.query, {
        timespan: query.timespan,
        rowLimit: query.rowLimit,
        signal: ctx.signal,
      });
      return { table: result.tables[0], partialError: result.partialError };
    };
    if (params.kql !== undefined) {
      const query = rawQuery(params.kql, sinceSeconds);
      return [rawQueryFinding(query, await ask(query, 'raw KQL'), ctx.trigger, subject, params.since)];
    }
    const findings: Finding[] = [];
    const alert = logSearchAlertOf(ctx.trigger);
    if (alert) findings.push(await rerunAlertQuery(alert, ask, params, sinceSeconds, subject));
    const { namespace, node } = params;
    if (namespace !== undefined)
      findings.push(...(await scopeFindings({ ...ctx, logs }, { ...params, namespace }, sinceSeconds, ask)));
    if (node !== undefined) {
      const query = nodeStatusHistoryQuery(node, { sinceSeconds });
      findings.push(
        nodeStatusFinding(query, await ask(query, `status history of node ${node}`), node, params.since),
      );
    }
    if (findings.length === 0) {
      findings.push({
        severity: 'info',
        title: `No pod, namespace or node to read container logs of (${subject})`,
        detail: 'Give --namespace (with --pod, --workload or --container), --node or --kql.',
        subject,
        evidence: [],
      });
    }
    return findings;
  },
});
