import type { Finding } from '@triage/core';

/**
 * Puts a describer's findings together: a subject without problems gets its one `ok` finding
 * (plus Warning events, if any); otherwise the problems, then context, then the events.
 */
export function composeFindings(parts: {
  problems: readonly (Finding | undefined)[];
  healthy: Finding;
  events?: Finding | undefined;
  context?: readonly Finding[];
}): Finding[] {
  const problems = parts.problems.filter((f): f is Finding => f !== undefined);
  const events = parts.events ? [parts.events] : [];
  if (problems.length === 0) return [parts.healthy, ...events.filter((e) => e.severity === 'warning')];
  return [...problems, ...(parts.context ?? []), ...events];
}
