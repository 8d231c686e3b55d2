import { type KubeObject, isPlainObject } from './kube-object.js';

/**
 * The store keeps events in core/v1 form; events.k8s.io/v1 is a view of the same objects.
 * Field mapping from `staging/src/k8s.io/api/events/v1/types.go` (regarding, note, deprecated*).
 */
const renames: [core: string, events: string][] = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
  ['reportingComponent', 'reportingController'],
];

function rename(obj: KubeObject, pairs: [string, string][], apiVersion: string): KubeObject {
  const out: KubeObject = { ...obj, apiVersion, kind: 'Event' };
  for (const [from, to] of pairs) {
    if (from in out) {
      out[to] = out[from];
      delete out[from];
    }
  }
  return out;
}

/** core/v1 Event → events.k8s.io/v1 Event. */
export function toEventsV1(event: KubeObject): KubeObject {
  return rename(event, renames, 'events.k8s.io/v1');
}

/** events.k8s.io/v1 Event → core/v1 Event (what the store keeps). */
export function fromEventsV1(event: KubeObject): KubeObject {
  if (!isPlainObject(event)) return event;
  return rename(
    event,
    renames.map(([core, events]) => [events, core]),
    'v1',
  );
}
