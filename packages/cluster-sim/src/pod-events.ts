import { randomBytes } from 'node:crypto';
import type { ObjectStore } from './object-store.js';
import { apiTime } from './pod-status.js';
import type { PodObject } from './pod-types.js';

/** One event about a pod, as the scheduler or the kubelet reports it. */
export interface PodEventInput {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** `default-scheduler` or `kubelet`. */
  component: 'default-scheduler' | 'kubelet';
  /** `spec.containers{<name>}` for container events. */
  fieldPath?: string;
}

/**
 * Stores a core/v1 Event about the pod. The scheduler writes through events.k8s.io (eventTime, action,
 * no first/lastTimestamp); the kubelet through core/v1 (source, first/lastTimestamp, count).
 */
export function recordPodEvent(store: ObjectStore, pod: PodObject, input: PodEventInput, now: Date): void {
  const { namespace, name, uid } = pod.metadata;
  const fromScheduler = input.component === 'default-scheduler';
  const node = pod.spec?.nodeName;
  store.create('events', {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${randomBytes(8).toString('hex')}`, namespace },
    involvedObject: {
      kind: 'Pod',
      namespace,
      name,
      uid,
      apiVersion: 'v1',
      resourceVersion: pod.metadata.resourceVersion,
      ...(input.fieldPath ? { fieldPath: input.fieldPath } : {}),
    },
    reason: input.reason,
    message: input.message,
    type: input.type,
    ...(fromScheduler
      ? {
          source: {},
          firstTimestamp: null,
          lastTimestamp: null,
          eventTime: now.toISOString().replace('Z', '000Z'),
          action: input.reason === 'Scheduled' ? 'Binding' : 'Scheduling',
          reportingComponent: 'default-scheduler',
          reportingInstance: 'default-scheduler-sim',
        }
      : {
          source: { component: 'kubelet', ...(node ? { host: node } : {}) },
          firstTimestamp: apiTime(now),
          lastTimestamp: apiTime(now),
          count: 1,
          eventTime: null,
          reportingComponent: 'kubelet',
          reportingInstance: node ?? '',
        }),
  });
}
