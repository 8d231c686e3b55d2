import type { LogTable } from '@triage/core';

function csvField(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A result table as RFC 4180 CSV (header row, CRLF line ends). */
export function rowsCsv(table: LogTable): string {
  const lines = [table.columns.map((c) => csvField(c.name)), ...table.rows.map((row) => row.map(csvField))];
  return `${lines.map((fields) => fields.join(',')).join('\r\n')}\r\n`;
}
