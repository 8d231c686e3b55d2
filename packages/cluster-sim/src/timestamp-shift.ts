import { isPlainObject } from './kube-object.js';

const rfc3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of an RFC 3339 timestamp string; undefined for anything else. */
export function parseRfc3339(value: string): number | undefined {
  if (!rfc3339.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function visitStrings(value: unknown, visit: (s: string) => string | undefined): unknown {
  if (typeof value === 'string') return visit(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => visitStrings(v, visit));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = visitStrings(v, visit);
    return out;
  }
  return value;
}

/** The newest RFC 3339 timestamp (ms) among every string field of the values; undefined when none. */
export function newestTimestamp(values: readonly unknown[]): number | undefined {
  let newest: number | undefined;
  for (const value of values) {
    visitStrings(value, (s) => {
      const ms = parseRfc3339(s);
      if (ms !== undefined && (newest === undefined || ms > newest)) newest = ms;
      return undefined;
    });
  }
  return newest;
}

/**
 * Moves every RFC 3339 string in `value` by `offsetMs` (whole seconds), keeping each one's fractional
 * digits (so MicroTime stays MicroTime) and writing it in UTC (`Z`).
 */
export function shiftTimestamps<T>(value: T, offsetMs: number): T {
  const offset = Math.round(offsetMs / 1000) * 1000;
  if (offset === 0) return value;
  return visitStrings(value, (s) => {
    const m = rfc3339.exec(s);
    if (!m) return undefined;
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) return undefined;
    const whole = new Date(Math.floor(ms / 1000) * 1000 + offset).toISOString().slice(0, 19);
    return `${whole}${m[2] ?? ''}Z`;
  }) as T;
}
