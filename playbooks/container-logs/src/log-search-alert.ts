import type { Signal } from '@triage/core';
import { maxSinceSeconds } from './kql-literal.js';
import { isResourceId } from './log-analytics-client.js';

/** The query of a log search alert (scheduled query rule) and the window it was evaluated over. */
export interface LogSearchAlert {
  /** The alert rule's name. */
  rule: string;
  query: string;
  /** ISO-8601 `<start>/<end>` of the evaluated window, when the alert said. */
  window?: string;
  /** The ARM ID of the resource the rule queried (its first alertTargetID), when it is one. */
  scope?: string;
}

/**
 * The log search alert behind a signal: an Azure Monitor alert whose gateway-normalised annotations
 * carry `searchQuery` (and `windowStartTime`/`windowEndTime` from `alertContext.condition`), with its
 * target resource (label `azureResourceId`) as the scope to re-run it in;
 * undefined for every other signal. A window that does not parse, ends before it starts or is longer
 * than 7 days is dropped (the caller then uses its own look-back).
 *
 * @example logSearchAlertOf(ctx.trigger)?.query // "KubeNodeInventory | where …"
 */
export function logSearchAlertOf(signal: Signal): LogSearchAlert | undefined {
  const { searchQuery, windowStartTime, windowEndTime } = signal.annotations;
  if (signal.source !== 'azure-monitor' || !searchQuery) return undefined;
  const start = Date.parse(windowStartTime ?? '');
  const end = Date.parse(windowEndTime ?? '');
  const alert: LogSearchAlert = { rule: signal.labels.alertRule ?? signal.name, query: searchQuery };
  const target = signal.labels.azureResourceId;
  if (target && isResourceId(target)) alert.scope = target;
  if (start < end && end - start <= maxSinceSeconds * 1000)
    alert.window = `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;
  return alert;
}
