import type { Evidence } from '@triage/core';
import type { NodeCondition } from './kube-views.js';
import type { TimelineEntry } from './node-events.js';

/** Evidence of one node condition: `Node/<name> .status.conditions[Ready]`. */
export function conditionEvidence(node: string, c: NodeCondition): Evidence {
  const reason = c.reason ? ` ${c.reason}` : '';
  const message = c.message ? `: ${c.message}` : '';
  return {
    source: `Node/${node} .status.conditions[${c.type}]`,
    text: `${c.type}=${c.status}${reason}${message} (since ${c.lastTransitionTime ?? 'unknown'}, last heartbeat ${c.lastHeartbeatTime ?? 'unknown'})`,
    at: c.lastHeartbeatTime,
  };
}

/** Evidence of one (possibly repeated) event: `Event Warning/OOMKilling ×6`. */
export function eventEvidence(e: TimelineEntry): Evidence {
  const repeat = e.count > 1 ? ` ×${e.count}` : '';
  const span = e.count > 1 && e.first ? ` (first ${e.first})` : '';
  const from = e.component ? ` [${e.component}]` : '';
  return { source: `Event ${e.type}/${e.reason}${repeat}`, text: `${e.message}${span}${from}`, at: e.last };
}

/** `a, b and c`. */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
