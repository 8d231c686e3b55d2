import { leadingTimestamp } from './scenario-rules.js';

/**
 * The kubelet's log filtering over a scripted log text: sinceSeconds/sinceTime, tailLines,
 * timestamps and limitBytes, in that order. Lines that start with an RFC 3339 timestamp are timed by
 * it; other lines take the time of the line before (or `defaultTime`, the container start).
 */

/** Filtering options, already validated. */
export interface LogFilter {
  /** Only lines at or after this time (epoch ms). */
  sinceMs?: number;
  tailLines?: number;
  /** Prefix each line with its time in the kubelet's fixed 9-digit RFC 3339 form. */
  timestamps?: boolean;
  limitBytes?: number;
  /** Time of lines before the first timestamped one (epoch ms). */
  defaultTime: number;
}

/** One log line with its time. */
interface TimedLine {
  time: number;
  text: string;
}

function timedLines(text: string, defaultTime: number): TimedLine[] {
  if (text === '') return [];
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  let current = defaultTime;
  return lines.map((line) => {
    current = leadingTimestamp(line) ?? current;
    return { time: current, text: line };
  });
}

/** `2025-03-04T08:12:30.118000000Z` (kubelet `timeFormatOut`). */
export function kubeletTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** The filtered log text, every line ending with a newline. */
export function filterLogText(text: string, filter: LogFilter): string {
  let lines = timedLines(text, filter.defaultTime);
  if (filter.sinceMs !== undefined) {
    const since = filter.sinceMs;
    lines = lines.filter((line) => line.time >= since);
  }
  if (filter.tailLines !== undefined) lines = filter.tailLines === 0 ? [] : lines.slice(-filter.tailLines);
  const output = lines
    .map((line) => (filter.timestamps ? `${kubeletTimestamp(line.time)} ${line.text}\n` : `${line.text}\n`))
    .join('');
  if (filter.limitBytes === undefined) return output;
  return Buffer.from(output).subarray(0, filter.limitBytes).toString('utf8');
}
