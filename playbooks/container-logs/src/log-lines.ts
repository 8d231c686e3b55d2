import type { LogTable } from '@triage/core';

/** One log line as the templates return it (columns of `logColumns`). */
export interface LogLine {
  time: string;
  namespace: string;
  pod: string;
  container: string;
  source: string;
  computer: string;
  message: string;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Reads the rows of a result table by column name; columns it lacks read as empty text. */
export function logLines(table: LogTable | undefined): LogLine[] {
  if (!table) return [];
  const index = new Map(table.columns.map((c, i) => [c.name, i]));
  const get = (row: unknown[], column: string) => {
    const i = index.get(column);
    return i === undefined ? '' : text(row[i]);
  };
  return table.rows.map((row) => ({
    time: get(row, 'TimeGenerated'),
    namespace: get(row, 'PodNamespace'),
    pod: get(row, 'PodName'),
    container: get(row, 'ContainerName'),
    source: get(row, 'LogSource'),
    computer: get(row, 'Computer'),
    message: get(row, 'Message'),
  }));
}
