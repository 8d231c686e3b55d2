/**
 * A duration as an on-call engineer says it: `45s`, `14m`, `2h5m`, `3d4h`. Negative durations
 * (clock skew) read as `0s`.
 */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}h${minutes % 60}m` : `${hours}h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days}d${hours % 24}h` : `${days}d`;
}

/** Milliseconds from an RFC 3339 timestamp to `now`; undefined when the timestamp is missing or bad. */
export function msSince(timestamp: string | null | undefined, now: Date): number | undefined {
  if (!timestamp) return undefined;
  const at = Date.parse(timestamp);
  return Number.isNaN(at) ? undefined : now.getTime() - at;
}

/** `14m ago` from an RFC 3339 timestamp; `at an unknown time` when it is missing. */
export function agoText(timestamp: string | null | undefined, now: Date): string {
  const ms = msSince(timestamp, now);
  return ms === undefined ? 'at an unknown time' : `${formatDuration(ms)} ago`;
}
