import type { LogTable } from '@triage/core';

/** How much of a result table fits a chat message. */
export interface TextTableLimits {
  /** Rows shown (default 10). */
  maxRows?: number;
  /** Characters per cell (default 40). */
  maxCell?: number;
  /** Columns shown, by name, in this order (default: all). */
  columns?: readonly string[];
}

function cellText(value: unknown, max: number): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The first rows of a result table as an aligned monospace block (in ``` fences) for a chat message,
 * with a line saying how many more rows the CSV holds.
 *
 * @example textTable(result.tables[0], { maxRows: 5, columns: ['Computer', 'Status'] })
 */
export function textTable(table: LogTable, limits: TextTableLimits = {}): string {
  const maxRows = limits.maxRows ?? 10;
  const maxCell = limits.maxCell ?? 40;
  const indexes = (limits.columns ?? table.columns.map((c) => c.name))
    .map((name) => table.columns.findIndex((c) => c.name === name))
    .filter((i) => i >= 0);
  const header = indexes.map((i) => table.columns[i]?.name ?? '');
  const rows = table.rows.slice(0, maxRows).map((row) => indexes.map((i) => cellText(row[i], maxCell)));
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c] as number))
      .join('  ')
      .trimEnd();
  const more =
    table.rows.length > maxRows ? [`…and ${table.rows.length - maxRows} more rows in the CSV`] : [];
  return ['```', line(header), ...rows.map(line), ...more, '```'].join('\n');
}
