import type { Evidence, Finding, LogTable } from '@triage/core';
import type { LogQuery } from './query-templates.js';
import { rowsCsv } from './rows-csv.js';
import { textTable } from './text-table.js';

/** The query as evidence: what ran, over which timespan. */
export function queryEvidence(query: LogQuery, label = `query ${query.name}`): Evidence {
  return { source: `${label} (Log Analytics, timespan ${query.timespan})`, text: query.query };
}

/** The sentence a partial result adds to a finding's detail ('' when the result is whole). */
export function partialNote(partialError: string | undefined): string {
  return partialError
    ? `\nPartial result: Log Analytics returned only part of the data (${partialError}).`
    : '';
}

/** How to present one query's result table. */
export interface TableFindingSpec {
  subject: string;
  /** Title when the table has rows; gets the row count. */
  title(rows: number): string;
  /** Title when it has none. */
  emptyTitle: string;
  /** Severity when the table has rows (none: `ok`, or `warning` when the result is partial). */
  severity: Finding['severity'];
  /** First line of the detail, above the table. */
  intro: string;
  /** Columns shown in the message (default: all); the CSV has every column. */
  columns?: readonly string[];
  /** Label of the query evidence (default `query <name>`). */
  queryLabel?: string;
}

/**
 * One finding for one result table: the first rows as a monospace table in the detail, the query as
 * evidence, every row as a CSV attachment; says when the row limit was reached and when the result is partial.
 */
export function tableFinding(
  query: LogQuery,
  result: { table: LogTable | undefined; partialError?: string | undefined },
  spec: TableFindingSpec,
): Finding {
  const { table, partialError } = result;
  const evidence = [queryEvidence(query, spec.queryLabel)];
  const partial = partialNote(partialError);
  if (!table || table.rows.length === 0) {
    return {
      severity: partialError ? 'warning' : 'ok',
      title: spec.emptyTitle,
      detail: `${spec.intro}\nNo rows.${partial}`,
      subject: spec.subject,
      evidence,
    };
  }
  const capped =
    table.rows.length >= query.rowLimit ? `\nThe first ${query.rowLimit} rows; there may be more.` : '';
  return {
    severity: spec.severity,
    title: spec.title(table.rows.length),
    detail: `${spec.intro}\n${textTable(table, spec.columns ? { columns: spec.columns } : {})}${capped}${partial}`,
    subject: spec.subject,
    evidence,
    attachments: [
      { filename: `${query.name}.csv`, contentType: 'text/csv', content: rowsCsv(table), encoding: 'utf8' },
    ],
  };
}
