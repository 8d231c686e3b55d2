/**
 * How long ago `iso` was, relative to `now`, as kubectl prints ages: `45s`, `14m`, `3h`, `2d`.
 * Undefined when the time is missing or unparsable.
 */
export function formatAge(iso: string | null | undefined, now: Date): string | undefined {
  if (!iso) return undefined;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return undefined;
  const seconds = Math.max(0, Math.round((now.getTime() - then) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** `formatAge` followed by ` ago`, or `at an unknown time`. */
export function ago(iso: string | null | undefined, now: Date): string {
  const age = formatAge(iso, now);
  return age ? `${age} ago` : 'at an unknown time';
}
