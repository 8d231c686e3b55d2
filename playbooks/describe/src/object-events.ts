import type { KubeReader } from '@triage/core';
import type { EventView } from './kube-shapes.js';

/** An object events can be about. Names are validated subject names, so they cannot add selector terms. */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

/** Most events read for one object; an object with more is in a loop the first ones already show. */
const maxEventsRead = 500;

/** Events whose involvedObject is `ref`, by field selector (as `kubectl describe` asks). */
export async function eventsAbout(kube: KubeReader, ref: ObjectRef): Promise<EventView[]> {
  const terms = [`involvedObject.kind=${ref.kind}`, `involvedObject.name=${ref.name}`];
  if (ref.namespace) terms.push(`involvedObject.namespace=${ref.namespace}`);
  return (await kube.list('events', {
    ...(ref.namespace && { namespace: ref.namespace }),
    fieldSelector: terms.join(','),
    max: maxEventsRead,
  })) as EventView[];
}
