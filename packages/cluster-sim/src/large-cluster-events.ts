import type { KubeObject } from './kube-object.js';
import type { PodIdentity } from './large-cluster-pods.js';
import { iso, type Json, uid } from './large-cluster-random.js';

const POD_EVENTS = [
  {
    weight: 0.3,
    type: 'Normal',
    reason: 'Pulled',
    message: (p: PodIdentity) => `Container image "${p.image}" already present on machine`,
  },
  {
    weight: 0.1,
    type: 'Normal',
    reason: 'Created',
    message: (p: PodIdentity) => `Created container ${p.container}`,
  },
  {
    weight: 0.1,
    type: 'Normal',
    reason: 'Started',
    message: (p: PodIdentity) => `Started container ${p.container}`,
  },
  {
    weight: 0.2,
    type: 'Warning',
    reason: 'BackOff',
    message: (p: PodIdentity) =>
      `Back-off restarting failed container ${p.container} in pod ${p.name}_${p.namespace}(${p.uid})`,
  },
  {
    weight: 0.2,
    type: 'Warning',
    reason: 'Unhealthy',
    message: () => 'Readiness probe failed: HTTP probe failed with statuscode: 503',
  },
] as const;

/** The entry whose cumulative weight first exceeds `roll` (the last one when weights sum below 1). */
function pickWeighted<T extends { weight: number }>(entries: readonly T[], roll: number): T {
  let rest = roll;
  for (const entry of entries) {
    rest -= entry.weight;
    if (rest < 0) return entry;
  }
  return entries[entries.length - 1] as T;
}

/**
 * Event number `index`: 90 % about pods (Pulled, Created, Started, BackOff, Unhealthy), 10 % about nodes,
 * first seen within the hour before `now`, names unique by index.
 */
export function eventObject(
  index: number,
  random: () => number,
  now: number,
  pod: PodIdentity | undefined,
  node: string,
): KubeObject {
  const first = now - Math.floor(random() * 3_600_000);
  const count = 1 + Math.floor(random() * 20);
  const last = Math.min(now, first + count * 30_000);
  const nanos = (BigInt(first) * 1_000_000n + BigInt(index)).toString(16);
  let involved: Json;
  let reason: string;
  let type: string;
  let message: string;
  let namespace = 'default';
  if (pod) {
    const kind = pickWeighted(POD_EVENTS, random());
    involved = {
      apiVersion: 'v1',
      fieldPath: `spec.containers{${pod.container}}`,
      kind: 'Pod',
      name: pod.name,
      namespace: pod.namespace,
      uid: pod.uid,
    };
    ({ reason, type } = kind);
    message = kind.message(pod);
    namespace = pod.namespace;
  } else {
    involved = { kind: 'Node', name: node, uid: node };
    reason = random() < 0.5 ? 'NodeHasSufficientMemory' : 'NodeReady';
    type = 'Normal';
    message = `Node ${node} status is now: ${reason}`;
  }
  const subject = involved.name as string;
  return {
    apiVersion: 'v1',
    count,
    eventTime: null,
    firstTimestamp: iso(first),
    involvedObject: involved,
    kind: 'Event',
    lastTimestamp: iso(last),
    message,
    metadata: {
      creationTimestamp: iso(first),
      name: `${subject}.${nanos}`,
      namespace,
      resourceVersion: String(2_000_000 + index),
      uid: uid(random),
    },
    reason,
    reportingComponent: 'kubelet',
    reportingInstance: pod?.node ?? node,
    source: { component: 'kubelet', host: pod?.node ?? node },
    type,
  };
}
