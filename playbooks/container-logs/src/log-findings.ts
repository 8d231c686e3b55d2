import type { Evidence, Finding, LogTable } from '@triage/core';
import { type LogGroup, groupLogLines } from './group-log-lines.js';
import { logLines } from './log-lines.js';
import type { LogQuery } from './query-templates.js';
import { rowsCsv } from './rows-csv.js';
import { partialNote, queryEvidence as queryEvidenceOf } from './table-finding.js';

/** What one query was about, in words and as a subject key. */
export interface LogFindingScope {
  subject: string;
  /** `pod web/checkout-1`, `workload web/checkout`, `namespace web`; with ` container app` if narrowed. */
  label: string;
  /** `1h` as the user gave it. */
  since: string;
  /** `ContainerLogV2` or `ContainerLog`. */
  tableName: string;
}

/** What a template looks for, in finding titles. */
export interface LogFindingKind {
  /** `error lines`, `IIS requests answered 5xx`. */
  what: string;
  severity: 'critical' | 'warning';
}

const tableGroups = 10;
const evidenceGroups = 5;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function groupTable(groups: LogGroup[]): string {
  const rows = groups
    .slice(0, tableGroups)
    .map(
      (g) =>
        `${String(g.count).padStart(6)}  ${g.lastSeen.slice(0, 19)}  ${String(g.pods.length).padStart(4)}  ${clip(g.template, 120)}`,
    );
  const more =
    groups.length > tableGroups ? [`…and ${groups.length - tableGroups} more patterns in the CSV`] : [];
  return ['```', ' count  last seen            pods  message pattern', ...rows, ...more, '```'].join('\n');
}

function exampleEvidence(groups: LogGroup[], tableName: string): Evidence[] {
  return groups.slice(0, evidenceGroups).flatMap((g) =>
    g.examples.slice(0, 1).map((line) => ({
      source: `log ${tableName} pod/${line.namespace}/${line.pod}${line.container ? `/${line.container}` : ''}`,
      text: `${clip(line.message, 500)} (${g.count}× between ${g.firstSeen} and ${g.lastSeen})`,
      at: line.time,
    })),
  );
}

/**
 * One finding for one query's result: patterns grouped by message template in a table, examples as
 * evidence, every row as a CSV attachment; `ok` when the query found nothing. A partial result is used
 * and its error stated.
 */
export function logFinding(
  query: LogQuery,
  table: LogTable | undefined,
  partialError: string | undefined,
  scope: LogFindingScope,
  kind: LogFindingKind,
): Finding {
  const lines = logLines(table);
  const queryEvidence = queryEvidenceOf(query);
  const partial = partialNote(partialError);
  if (lines.length === 0 || !table) {
    return {
      severity: partialError ? 'warning' : 'ok',
      title: `No ${kind.what} in ${scope.label} over the last ${scope.since}`,
      detail: `${scope.tableName} has no matching lines.${partial}`,
      subject: scope.subject,
      evidence: [queryEvidence],
    };
  }
  const groups = groupLogLines(lines);
  const capped = lines.length >= query.rowLimit ? ` (the newest ${query.rowLimit}; there may be more)` : '';
  return {
    severity: kind.severity,
    title: `${lines.length} ${kind.what} in ${scope.label} over the last ${scope.since}, ${groups.length} pattern${groups.length === 1 ? '' : 's'}`,
    detail: `From ${scope.tableName}${capped}, grouped by message pattern:\n${groupTable(groups)}${partial}`,
    subject: scope.subject,
    evidence: [...exampleEvidence(groups, scope.tableName), queryEvidence],
    attachments: [
      { filename: `${query.name}.csv`, contentType: 'text/csv', content: rowsCsv(table), encoding: 'utf8' },
    ],
  };
}
