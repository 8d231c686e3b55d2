import { type Finding, type Severity, severityOrder } from '@triage/core';
import type { ReportComparison } from './report-history.js';
import type { ReportCheck, ReportItem } from './report-item.js';
import type { TriageActivity } from './triage-activity.js';

/** Items listed in a finding's text and evidence; the rest are in the CSV attachment. */
export const MAX_LISTED = 20;

const checkTitles: Record<ReportCheck, (n: number) => string> = {
  'node-not-ready': (n) => `${n} node${n === 1 ? '' : 's'} NotReady`,
  'node-pressure': (n) => `${n} node pressure condition${n === 1 ? '' : 's'}`,
  'node-memory': (n) => `${n} node${n === 1 ? '' : 's'} short of memory for an hour`,
  'node-disk': (n) => `${n} filesystem${n === 1 ? '' : 's'} full or filling`,
  'pod-crash-loop': (n) => `${n} pod${n === 1 ? '' : 's'} in CrashLoopBackOff`,
  'pod-pending': (n) => `${n} pod${n === 1 ? '' : 's'} Pending too long`,
  'pod-oom-killed': (n) => `${n} pod${n === 1 ? '' : 's'} OOMKilled`,
  'pdb-no-disruption': (n) => `${n} PodDisruptionBudget${n === 1 ? '' : 's'} allowing no disruption`,
  'deployment-unavailable': (n) => `${n} Deployment${n === 1 ? '' : 's'} without available replicas`,
  windows: (n) => `${n} Windows problem${n === 1 ? '' : 's'}`,
};

/** Everything one report says, before it becomes findings. */
export interface ReportContent {
  cluster: string;
  items: readonly ReportItem[];
  comparison: ReportComparison;
  /** When the previous report ran (absent for the first). */
  previousAt?: string;
  activity?: { since: string; value: TriageActivity };
  /** Namespaces the report was limited to (absent: all). */
  namespaces?: readonly string[];
  /** Why the Prometheus checks did not run, when Prometheus is configured and failed. */
  metricsProblem?: string;
}

function worst(items: readonly ReportItem[]): Severity {
  return items.reduce<Severity>(
    (w, i) => (severityOrder.indexOf(i.severity) < severityOrder.indexOf(w) ? i.severity : w),
    'info',
  );
}

function marker(item: ReportItem, comparison: ReportComparison): string {
  return comparison.added.has(item.key) ? '[new]' : '[still open]';
}

function groups(items: readonly ReportItem[]): [ReportCheck, ReportItem[]][] {
  const byCheck = new Map<ReportCheck, ReportItem[]>();
  for (const item of items) {
    const group = byCheck.get(item.check);
    if (group) group.push(item);
    else byCheck.set(item.check, [item]);
  }
  return [...byCheck];
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Every item as CSV (check, severity, status, subject, text), for reports too long to list. */
export function itemsCsv(items: readonly ReportItem[], comparison: ReportComparison): string {
  const rows = items.map((i) =>
    [i.check, i.severity, comparison.added.has(i.key) ? 'new' : 'still open', i.subject, i.text]
      .map(csvCell)
      .join(','),
  );
  return `${['check,severity,status,subject,text', ...rows].join('\n')}\n`;
}

function headline(content: ReportContent): Finding {
  const { items, comparison, cluster } = content;
  const scope = content.namespaces ? ` (namespaces ${content.namespaces.join(', ')})` : '';
  const resolved = comparison.resolved.length > 0 ? `, ${comparison.resolved.length} resolved` : '';
  const counts = groups(items).map(([check, group]) => checkTitles[check](group.length));
  const activity = content.activity?.value;
  const long = items.length > MAX_LISTED;
  return {
    severity: items.length === 0 ? 'ok' : worst(items),
    title:
      items.length === 0
        ? `Health report ${cluster}${scope}: nothing needs attention${resolved}`
        : `Health report ${cluster}${scope}: ${items.length} need${items.length === 1 ? 's' : ''} attention (${comparison.added.size} new, ${comparison.stillOpen.size} still open${resolved})`,
    detail: [
      counts.length > 0 ? counts.join(' · ') : 'Nodes, pods, budgets and Deployments look fine.',
      content.previousAt
        ? `Compared with the report of ${content.previousAt}.`
        : 'No earlier report to compare with.',
      activity
        ? `Triage: ${activity.alertsReceived} alerts, ${activity.investigationsOpened} investigations opened, ${activity.investigationsOpen} open.`
        : '',
    ]
      .filter(Boolean)
      .join('\n'),
    subject: 'cluster',
    evidence: counts.map((text) => ({ source: `health-report ${cluster}`, text })),
    ...(long
      ? {
          attachments: [
            {
              filename: 'health-report.csv',
              contentType: 'text/csv',
              content: itemsCsv(items, comparison),
              encoding: 'utf8' as const,
            },
          ],
        }
      : {}),
  };
}

function checkFinding(check: ReportCheck, group: ReportItem[], comparison: ReportComparison): Finding {
  const listed = group.slice(0, MAX_LISTED);
  const more = group.length - listed.length;
  const added = group.filter((i) => comparison.added.has(i.key)).length;
  return {
    severity: worst(group),
    title: `${checkTitles[check](group.length)}${added > 0 ? ` (${added} new)` : ''}`,
    detail: [
      ...listed.map((i) => `${marker(i, comparison)} ${i.text}`),
      ...(more > 0 ? [`… and ${more} more in health-report.csv`] : []),
    ].join('\n'),
    subject: group.length === 1 && group[0] ? group[0].subject : 'cluster',
    evidence: listed.map((i) => i.evidence),
  };
}

// Resolved items and the activity are info/ok findings, which chat shows compactly: one line of
// detail and no evidence keep them in the thread instead of an overflow file.

function resolvedFinding(content: ReportContent): Finding | undefined {
  const { resolved } = content.comparison;
  if (resolved.length === 0) return undefined;
  const listed = resolved.slice(0, MAX_LISTED);
  const more = resolved.length - listed.length;
  return {
    severity: 'ok',
    title: `${resolved.length} resolved since the report of ${content.previousAt}`,
    detail: `${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    subject: 'cluster',
    evidence: [],
  };
}

function activityFinding(content: ReportContent): Finding | undefined {
  if (!content.activity) return undefined;
  const { since, value } = content.activity;
  const noisiest = value.noisiest.map((n) => `${n.name} (${n.count})`).join(', ');
  return {
    severity: 'info',
    title: `Triage since ${since}: ${value.alertsReceived} alerts, ${value.investigationsOpened} investigations`,
    detail: `${value.investigationsOpen} investigations open now. ${noisiest ? `Noisiest alerts: ${noisiest}.` : 'No alerts.'}`,
    subject: 'cluster',
    evidence: [],
  };
}

function metricsProblemFinding(content: ReportContent): Finding | undefined {
  if (content.metricsProblem === undefined) return undefined;
  return {
    severity: 'info',
    title: 'Memory and disk trends left out: Prometheus did not answer',
    detail: content.metricsProblem,
    subject: 'cluster',
    evidence: [],
  };
}

/**
 * The report as findings: first one compact headline (what needs attention, new / still open /
 * resolved, Triage's activity), then one finding per check listing its items, then what resolved,
 * Triage's activity and, when Prometheus failed, that its checks are missing. The runner posts the first as the message and the rest in its thread.
 */
export function reportFindings(content: ReportContent): Finding[] {
  return [
    headline(content),
    ...groups(content.items).map(([check, group]) => checkFinding(check, group, content.comparison)),
    ...[resolvedFinding(content), activityFinding(content), metricsProblemFinding(content)].filter(
      (f): f is Finding => f !== undefined,
    ),
  ];
}
