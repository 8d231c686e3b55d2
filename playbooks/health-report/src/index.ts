import { definePlaybook, type Finding, type PlaybookContext } from '@triage/core';
import { collectReportItems } from './collect-report-items.js';
import { isMetricItemKey, metricItems } from './metric-checks.js';
import { healthReportParams } from './params.js';
import { reportFindings } from './report-findings.js';
import { compareItems, type ReportItem } from './report-item.js';
import { compareReports, type ReportHistory, reportScopes } from './report-history.js';
import type { ActivitySource } from './triage-activity.js';

export { type CollectedReport, type CollectOptions, collectReportItems } from './collect-report-items.js';
export { metricItems, metricsTargetOf } from './metric-checks.js';
export { type HealthReportParams, healthReportParams } from './params.js';
export { itemsCsv, MAX_LISTED, type ReportContent, reportFindings } from './report-findings.js';
export {
  compareReports,
  createMemoryReportHistory,
  ON_DEMAND,
  type PreviousReport,
  type ReportComparison,
  type ReportHistory,
  type ReportScopes,
  reportScopes,
} from './report-history.js';
export { type ReportCheck, type ReportItem, reportChecks } from './report-item.js';
export type { ActivitySource, TriageActivity } from './triage-activity.js';

/** The playbook's name, as schedules and commands name it. */
export const HEALTH_REPORT = 'health-report';

const DAY_MS = 24 * 3_600_000;

/** What a report may use besides the cluster: its memory of earlier reports and Triage's activity. */
export interface HealthReportDeps {
  history?: ReportHistory;
  activity?: ActivitySource;
}

/** Sources whose startsAt is when the report was asked for: a schedule's tick, a chat command, the CLI. */
const REQUESTS: readonly string[] = ['schedule', 'slack', 'cli'];

/**
 * When the report is "at": the tick or request time (the signal's startsAt, the same on a retried run,
 * so the retry neither compares with itself nor saves twice); else now.
 */
function reportTime(ctx: PlaybookContext): Date {
  const asked = Date.parse(ctx.trigger.startsAt);
  return REQUESTS.includes(ctx.trigger.source) && !Number.isNaN(asked) ? new Date(asked) : ctx.clock();
}

/**
 * The Prometheus checks' items, or why there are none: a failing Prometheus costs the report its
 * memory and disk trends, never the report. Only cancellation throws.
 */
async function prometheusItems(
  ctx: PlaybookContext,
  targets: Parameters<typeof metricItems>[1],
  at: Date,
): Promise<{ items: ReportItem[]; problem?: string }> {
  if (!ctx.metrics) return { items: [] };
  await ctx.progress('Asking Prometheus for memory and disk trends');
  try {
    return { items: await metricItems(ctx.metrics, targets, at, ctx.signal) };
  } catch (err) {
    ctx.signal.throwIfAborted();
    ctx.log.warn({ err }, 'health report: Prometheus checks failed');
    return { items: [], problem: (err as Error).message };
  }
}

/** True when the report found nothing that needs attention (its headline is `ok`): quiet schedules post nothing. */
export function isHealthyReport(findings: readonly Finding[]): boolean {
  return findings[0]?.severity === 'ok';
}

/**
 * The cluster health report: reads nodes, pods (namespace by namespace), PodDisruptionBudgets and
 * Deployments once with paginated lists, and lists what needs attention before it becomes an
 * incident: nodes NotReady or under pressure; pods in CrashLoopBackOff, Pending longer than
 * `pendingMinutes`, OOMKilled within `oomWindowHours`; budgets that allow no disruption;
 * Deployments with no available replica; Windows problems (OS build mismatches, Windows pods
 * without an OS nodeSelector, IIS without LogMonitor, Windows nodes without windows_exporter).
 * With a history it says what is new, still open and resolved since the previous report of the
 * same cluster and schedule; with an activity source, what Triage itself did meanwhile.
 *
 * Findings: one compact headline first (the runner posts it as the message), then one per check
 * and the resolved items and activity (the thread).
 *
 * @example triage run health-report --namespaces shop,web --pendingMinutes 30
 */
export function createHealthReportPlaybook(deps: HealthReportDeps = {}) {
  return definePlaybook({
    name: HEALTH_REPORT,
    summary:
      'What needs attention in the cluster before it becomes an incident, compared with the previous report',
    params: healthReportParams,
    triggers: [],
    timeoutMs: 300_000,
    async run(ctx, params) {
      const at = reportTime(ctx);
      await ctx.progress('Reading nodes');
      const collected = await collectReportItems(ctx.kube, {
        now: at,
        pendingMinutes: params.pendingMinutes,
        oomWindowHours: params.oomWindowHours,
        ...(params.namespaces ? { namespaces: params.namespaces } : {}),
        signal: ctx.signal,
        progress: (text) => ctx.progress(text),
      });
      const fromPrometheus = await prometheusItems(ctx, collected.targets, at);
      const items = [...collected.items, ...fromPrometheus.items].sort(compareItems);
      const scopes = reportScopes(ctx.cluster, params.schedule, params.namespaces);
      const previous = await deps.history?.previous(scopes.compareWith, at);
      // Prometheus failed: its checks' earlier items are unknown now, neither resolved nor forgotten.
      const unknown =
        fromPrometheus.problem !== undefined ? (previous?.items ?? []).filter(isMetricItemKey) : [];
      const keys = items.map((i) => i.key);
      const since = previous ? new Date(previous.at) : new Date(at.getTime() - DAY_MS);
      const activity = await deps.activity?.activity(ctx.cluster, since, at);
      const findings = reportFindings({
        cluster: ctx.cluster,
        items,
        comparison: compareReports(
          keys,
          previous && { ...previous, items: previous.items.filter((k) => !unknown.includes(k)) },
        ),
        ...(previous ? { previousAt: previous.at } : {}),
        ...(activity ? { activity: { since: since.toISOString(), value: activity } } : {}),
        ...(params.namespaces ? { namespaces: params.namespaces } : {}),
        ...(fromPrometheus.problem !== undefined ? { metricsProblem: fromPrometheus.problem } : {}),
      });
      const record = { at: at.toISOString(), items: [...keys, ...unknown] };
      for (const scope of scopes.saveTo) await deps.history?.save(scope, record);
      return findings;
    },
  });
}

/** The report without history or activity (`triage run health-report`): every item is new. */
export const healthReportPlaybook = createHealthReportPlaybook();
