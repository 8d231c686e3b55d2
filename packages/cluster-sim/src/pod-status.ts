import { createHash } from 'node:crypto';
import type { ContainerSpec, PodCondition, PodObject } from './pod-types.js';

/**
 * Pod status at each step of a created pod's life, shaped as the kubelet and scheduler write it.
 * Pure: every function takes the pod and the time and returns a new `status`.
 */

/** RFC 3339 with seconds precision, as the API serializes metav1.Time. */
export function apiTime(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

function condition(
  type: string,
  status: PodCondition['status'],
  now: Date,
  extra: Partial<PodCondition> = {},
): PodCondition {
  return { type, status, lastProbeTime: null, lastTransitionTime: apiTime(now), ...extra };
}

function containersOf(pod: PodObject): ContainerSpec[] {
  return pod.spec?.containers ?? [];
}

/** A stable fake container id (`containerd://<64 hex>`). */
export function containerId(pod: PodObject, container: string): string {
  const seed = `${pod.metadata.uid ?? ''}/${pod.metadata.name ?? ''}/${container}`;
  return `containerd://${createHash('sha256').update(seed).digest('hex')}`;
}

function imageId(image: string): string {
  const repository = image.replace(/[:@].*$/, '');
  return `${repository}@sha256:${createHash('sha256').update(image).digest('hex')}`;
}

function baseContainerStatus(container: ContainerSpec) {
  return { name: container.name, image: container.image ?? '', imageID: '', restartCount: 0 };
}

/** Not schedulable: phase Pending with PodScheduled=False reason Unschedulable. */
export function unschedulableStatus(pod: PodObject, message: string, now: Date): PodObject['status'] {
  return {
    phase: 'Pending',
    conditions: [condition('PodScheduled', 'False', now, { reason: 'Unschedulable', message })],
    qosClass: pod.status?.qosClass ?? 'BestEffort',
  };
}

/** Bound to a node, containers being created. */
export function scheduledStatus(pod: PodObject, hostIP: string, now: Date): PodObject['status'] {
  return {
    phase: 'Pending',
    conditions: [
      condition('PodReadyToStartContainers', 'False', now),
      condition('Initialized', 'True', now),
      condition('Ready', 'False', now, { reason: 'ContainersNotReady', message: notReadyMessage(pod) }),
      condition('ContainersReady', 'False', now, {
        reason: 'ContainersNotReady',
        message: notReadyMessage(pod),
      }),
      condition('PodScheduled', 'True', now),
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    startTime: apiTime(now),
    containerStatuses: containersOf(pod).map((container) => ({
      ...baseContainerStatus(container),
      ready: false,
      started: false,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
    })),
    qosClass: pod.status?.qosClass ?? 'BestEffort',
  };
}

function notReadyMessage(pod: PodObject): string {
  return `containers with unready status: [${containersOf(pod)
    .map((c) => c.name)
    .join(' ')}]`;
}

/** All containers running and ready. */
export function runningStatus(pod: PodObject, podIP: string, now: Date): PodObject['status'] {
  const previous = pod.status ?? {};
  const since = (previous.startTime as string | undefined) ?? apiTime(now);
  return {
    ...previous,
    phase: 'Running',
    conditions: [
      condition('PodReadyToStartContainers', 'True', now),
      condition('Initialized', 'True', now),
      condition('Ready', 'True', now),
      condition('ContainersReady', 'True', now),
      condition('PodScheduled', 'True', now),
    ],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: since,
    containerStatuses: containersOf(pod).map((container) => ({
      ...baseContainerStatus(container),
      imageID: imageId(container.image ?? ''),
      containerID: containerId(pod, container.name),
      ready: true,
      started: true,
      state: { running: { startedAt: apiTime(now) } },
      lastState: {},
    })),
  };
}

/** How a pod ends: its phase and the containers' exit code (137 and a reason for a deadline kill). */
export interface PodEnding {
  phase: 'Succeeded' | 'Failed';
  exitCode: number;
  /** Pod-level reason (`DeadlineExceeded`) and message, when the kubelet sets one. */
  reason?: string;
  message?: string;
}

/** Containers terminated; Ready false with reason PodCompleted (or PodFailed). */
export function finishedStatus(pod: PodObject, ending: PodEnding, now: Date): PodObject['status'] {
  const previous = pod.status ?? {};
  const readyReason = ending.phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
  const running = (name: string) =>
    (previous.containerStatuses ?? []).find((s) => s.name === name)?.state as
      | { running?: { startedAt?: string } }
      | undefined;
  return {
    ...previous,
    phase: ending.phase,
    ...(ending.reason ? { reason: ending.reason, message: ending.message ?? '' } : {}),
    conditions: [
      condition('PodReadyToStartContainers', 'False', now),
      condition('Initialized', 'True', now, { reason: readyReason }),
      condition('Ready', 'False', now, { reason: readyReason }),
      condition('ContainersReady', 'False', now, { reason: readyReason }),
      condition('PodScheduled', 'True', now),
    ],
    containerStatuses: containersOf(pod).map((container) => ({
      ...baseContainerStatus(container),
      imageID: imageId(container.image ?? ''),
      containerID: containerId(pod, container.name),
      ready: false,
      started: false,
      state: {
        terminated: {
          exitCode: ending.exitCode,
          reason: ending.exitCode === 0 ? 'Completed' : 'Error',
          startedAt: running(container.name)?.running?.startedAt ?? apiTime(now),
          finishedAt: apiTime(now),
          containerID: containerId(pod, container.name),
        },
      },
      lastState: {},
    })),
  };
}

/** `activeDeadlineSeconds` ran out: phase Failed, reason DeadlineExceeded, containers killed. */
export const DEADLINE_EXCEEDED: PodEnding = {
  phase: 'Failed',
  exitCode: 137,
  reason: 'DeadlineExceeded',
  message: 'Pod was active on the node longer than the specified deadline',
};

/** A stable pod IP in 10.244.0.0/16 derived from the pod's uid or name. */
export function podIpFor(pod: PodObject): string {
  const digest = createHash('sha256')
    .update(pod.metadata.uid ?? pod.metadata.name ?? '')
    .digest();
  return `10.244.${digest[0] ?? 0}.${((digest[1] ?? 0) % 253) + 2}`;
}
