import type { Finding } from '@triage/core';
import type { InventoryLabel, QueryResult } from './inventory-findings.js';
import type { LogQuery } from './query-templates.js';
import { rowsCsv } from './rows-csv.js';
import { partialNote, queryEvidence } from './table-finding.js';

const bars = '▁▂▃▄▅▆▇█';

/** Values as one character each, scaled to the largest (`▁` for none). */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((v) => (max === 0 || v <= 0 ? bars[0] : bars[Math.min(7, Math.floor((v / max) * 7.999))]))
    .join('');
}

function series(result: QueryResult, name: string): number[] {
  const i = result.table?.columns.findIndex((c) => c.name === name) ?? -1;
  return i < 0 ? [] : (result.table?.rows ?? []).map((row) => Number(row[i]) || 0);
}

/**
 * The log volume histogram (logVolumeQuery) as two sparklines, lines and error lines per bin, with
 * totals and the busiest bin; every bin in the CSV. Informational: the error lines have their own finding.
 */
export function logVolumeFinding(query: LogQuery, result: QueryResult, who: InventoryLabel): Finding {
  const lines = series(result, 'Lines');
  const errors = series(result, 'Errors');
  const times = (result.table?.rows ?? []).map((row) => String(row[0] ?? ''));
  const evidence = [queryEvidence(query)];
  if (!result.table || lines.length === 0) {
    return {
      severity: result.partialError ? 'warning' : 'ok',
      title: `No log lines of ${who.label} over the last ${who.since}`,
      detail: `Log Analytics has no lines for it.${partialNote(result.partialError)}`,
      subject: who.subject,
      evidence,
    };
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const peak = (xs: number[]) => {
    const i = xs.indexOf(Math.max(...xs));
    return `${xs[i]} at ${times[i]?.slice(0, 16).replace('T', ' ')}`;
  };
  return {
    severity: 'info',
    title: `${sum(lines)} log lines of ${who.label} over the last ${who.since}, ${sum(errors)} of them errors`,
    detail:
      [
        `Lines and error lines per bin (${times.length} bins), ${times[0]?.slice(0, 16)} to ${times.at(-1)?.slice(0, 16)}:`,
        '```',
        `lines   ${sparkline(lines)}  peak ${peak(lines)}`,
        `errors  ${sparkline(errors)}  peak ${peak(errors)}`,
        '```',
      ].join('\n') + partialNote(result.partialError),
    subject: who.subject,
    evidence,
    attachments: [
      {
        filename: `${query.name}.csv`,
        contentType: 'text/csv',
        content: rowsCsv(result.table),
        encoding: 'utf8',
      },
    ],
  };
}
