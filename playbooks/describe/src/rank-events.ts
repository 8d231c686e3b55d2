import type { Evidence, Finding } from '@triage/core';
import { formatAge } from './format-age.js';
import type { EventView } from './kube-shapes.js';

/** When the event last happened: series (events.k8s.io style), lastTimestamp, eventTime, then creation. */
export function eventLastSeen(event: EventView): string | undefined {
  return (
    event.series?.lastObservedTime ??
    event.lastTimestamp ??
    event.eventTime ??
    event.firstTimestamp ??
    event.metadata.creationTimestamp ??
    undefined
  );
}

/** How many times the event happened (`series.count` for new-style events, else `count`, else 1). */
export function eventCount(event: EventView): number {
  return event.series?.count ?? event.count ?? 1;
}

function timeOf(event: EventView): number {
  const seen = Date.parse(eventLastSeen(event) ?? '');
  return Number.isNaN(seen) ? 0 : seen;
}

/**
 * Orders events the way an SRE reads them: Warning before Normal, then the most repeated, then
 * the most recent. Returns at most `max` of them and how many were left out.
 */
export function rankEvents(events: readonly EventView[], max: number): { shown: EventView[]; more: number } {
  const ranked = [...events].sort(
    (a, b) =>
      Number(b.type === 'Warning') - Number(a.type === 'Warning') ||
      eventCount(b) - eventCount(a) ||
      timeOf(b) - timeOf(a),
  );
  return { shown: ranked.slice(0, max), more: Math.max(0, ranked.length - max) };
}

/** One event as evidence: `Event Warning/BackOff ×14 (last 2m ago)`, the object and message as text. */
export function eventEvidence(event: EventView, now: Date): Evidence {
  const count = eventCount(event);
  const lastSeen = eventLastSeen(event);
  const age = formatAge(lastSeen, now);
  const times = count > 1 ? ` ×${count}` : '';
  const when = age ? ` (${count > 1 ? 'last ' : ''}${age} ago)` : '';
  const about = event.involvedObject?.name
    ? `${event.involvedObject.kind ?? 'object'}/${event.involvedObject.name}: `
    : '';
  return {
    source: `Event ${event.type ?? 'Normal'}/${event.reason ?? 'Unknown'}${times}${when}`,
    text: `${about}${event.message ?? ''}`.trim(),
    ...(lastSeen && { at: lastSeen }),
  };
}

/**
 * The ranked events as one finding: `warning` when any is a Warning, else `info`; undefined
 * when there are none.
 */
export function eventsFinding(
  subject: string,
  events: readonly EventView[],
  now: Date,
  max: number,
): Finding | undefined {
  if (events.length === 0) return undefined;
  const warnings = events.filter((event) => event.type === 'Warning').length;
  const { shown, more } = rankEvents(events, max);
  const evidence = shown.map((event) => eventEvidence(event, now));
  if (more > 0) evidence.push({ source: 'Events', text: `and ${more} more` });
  return {
    severity: warnings > 0 ? 'warning' : 'info',
    title:
      warnings > 0
        ? `${warnings} Warning event${warnings === 1 ? '' : 's'}`
        : `${events.length} recent events`,
    detail: `${events.length} event${events.length === 1 ? '' : 's'} (${warnings} Warning), most significant first.`,
    subject,
    evidence,
  };
}
