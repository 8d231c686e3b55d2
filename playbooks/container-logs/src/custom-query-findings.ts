import type { Finding, Signal } from '@triage/core';
import { boundedQuery } from './bounded-query.js';
import type { QueryResult } from './inventory-findings.js';
import { isoDuration } from './kql-literal.js';
import type { LogSearchAlert } from './log-search-alert.js';
import type { LogQuery } from './query-templates.js';
import { tableFinding } from './table-finding.js';

/** Rows kept of a raw or alert query. */
export const customQueryRowLimit = 500;

/**
 * A log search alert's own query, bounded: the alert's window as the timespan (the look-back ending
 * now when the alert gave none) and `| take 500`.
 */
export function alertQuery(alert: LogSearchAlert, sinceSeconds: number): LogQuery {
  return {
    name: 'log-search-alert',
    query: boundedQuery(alert.query, customQueryRowLimit),
    timespan: alert.window ?? isoDuration(sinceSeconds),
    rowLimit: customQueryRowLimit,
  };
}

/** A person's raw KQL, bounded: the look-back as the timespan and `| take 500`. */
export function rawQuery(kql: string, sinceSeconds: number): LogQuery {
  return {
    name: 'raw-kql',
    query: boundedQuery(kql, customQueryRowLimit),
    timespan: isoDuration(sinceSeconds),
    rowLimit: customQueryRowLimit,
  };
}

function windowText(query: LogQuery, since: string): string {
  const [start, end] = query.timespan.split('/');
  return end ? `${start} to ${end}` : `the last ${since}`;
}

/**
 * The re-run alert query's result: a warning with its rows (table, CSV), ok when none match any more.
 * `ranOn` says where it ran (`resource /subscriptions/…`, `the configured workspace`), with why if not
 * where the alert ran it.
 */
export function alertQueryFinding(
  alert: LogSearchAlert,
  query: LogQuery,
  result: QueryResult,
  where: { subject: string; since: string; ranOn: string },
): Finding {
  const { subject, since, ranOn } = where;
  const window = windowText(query, since);
  return tableFinding(query, result, {
    subject,
    severity: 'warning',
    title: (rows) =>
      `Log search alert "${alert.rule}": its query returns ${rows} row${rows === 1 ? '' : 's'} over ${window}`,
    emptyTitle: `Log search alert "${alert.rule}": its query returns no rows over ${window} now`,
    intro: `The alert rule's own query, re-run on ${ranOn} over ${alert.window ? 'the window the alert evaluated' : `the last ${since} (the alert gave no window)`}:`,
    queryLabel: 'query of the log search alert',
  });
}

/** A raw query's result, marked raw everywhere a reader looks: title, detail and evidence name who asked. */
export function rawQueryFinding(
  query: LogQuery,
  result: QueryResult,
  trigger: Signal,
  subject: string,
  since: string,
): Finding {
  const who = trigger.requestedBy ? ` by ${trigger.requestedBy}` : '';
  return tableFinding(query, result, {
    subject,
    severity: 'info',
    title: (rows) => `Raw KQL${who}: ${rows} row${rows === 1 ? '' : 's'} over the last ${since}`,
    emptyTitle: `Raw KQL${who}: no rows over the last ${since}`,
    intro: `Raw KQL (not a Triage template), run as given with the time range and a row limit of ${query.rowLimit} enforced:`,
    queryLabel: `raw KQL${who}`,
  });
}
