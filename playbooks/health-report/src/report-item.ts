import type { Evidence, Severity } from '@triage/core';

/** The checks a health report runs, in the order the report lists them. */
export const reportChecks = [
  'node-not-ready',
  'node-pressure',
  'node-memory',
  'node-disk',
  'pod-crash-loop',
  'pod-pending',
  'pod-oom-killed',
  'pdb-no-disruption',
  'deployment-unavailable',
  'windows',
] as const;
export type ReportCheck = (typeof reportChecks)[number];

/** One thing that needs attention. `key` is stable across reports, so reports can be compared. */
export interface ReportItem {
  /** `<check>:<subject>` (plus a qualifier where one subject can fail a check twice). */
  key: string;
  check: ReportCheck;
  severity: Severity;
  /** Subject key (`node/<name>`, `pod/<ns>/<name>`, `workload/<ns>/Deployment/<name>`). */
  subject: string;
  /** One line a person reads in the list. */
  text: string;
  evidence: Evidence;
}

/** Report order: by check, then by key. */
export function compareItems(a: ReportItem, b: ReportItem): number {
  return reportChecks.indexOf(a.check) - reportChecks.indexOf(b.check) || a.key.localeCompare(b.key);
}

/** Builds an item whose key is its check and subject, with an optional qualifier. */
export function reportItem(fields: Omit<ReportItem, 'key'>, qualifier?: string): ReportItem {
  const key = `${fields.check}:${fields.subject}${qualifier ? `:${qualifier}` : ''}`;
  return { key, ...fields };
}
