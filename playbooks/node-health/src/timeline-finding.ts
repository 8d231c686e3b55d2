import type { Finding } from '@triage/core';
import { eventEvidence } from './evidence.js';
import type { NodeHealth } from './node-health.js';

/** Most recent events shown; older ones are counted in the detail. */
const MAX_TIMELINE = 12;

/**
 * The node's events in time order (oldest first), when some are worth reading and not already
 * cited by another finding (`cited`: evidence sources of the other findings).
 */
export function timelineFinding(h: NodeHealth, cited: ReadonlySet<string>): Finding | undefined {
  const { timeline } = h.events;
  const worthReading = timeline.filter((e) => e.type !== 'Normal' || e.reason.startsWith('Node'));
  if (worthReading.every((e) => cited.has(eventEvidence(e).source))) return undefined;
  const shown = timeline.slice(-MAX_TIMELINE);
  const hidden = timeline.length - shown.length;
  return {
    severity: 'info',
    title: `Events of node ${h.name}, oldest first (${timeline.length})`,
    detail: hidden > 0 ? `${hidden} older events not shown.` : '',
    subject: `node/${h.name}`,
    evidence: shown.map(eventEvidence),
  };
}
