import type { Signal, Subject, Trigger } from '@triage/core';
import { isNamespaceName, isObjectName } from '@triage/kube';

/** Alerts about a pod whose earlier containers' logs matter (kube-prometheus names). */
export const CONTAINER_LOG_ALERT_NAMES = [
  'KubePodCrashLooping',
  'KubePodNotReady',
  'KubeContainerWaiting',
] as const;

/** `{ namespace, pod }` for a pod subject; undefined otherwise. */
export function podLogParams(_signal: Signal, subject: Subject): Record<string, unknown> | undefined {
  if (subject.kind !== 'pod' || !isNamespaceName(subject.namespace) || !isObjectName(subject.name))
    return undefined;
  return { namespace: subject.namespace, pod: subject.name };
}

export const containerLogsTriggers: readonly Trigger[] = [
  { names: CONTAINER_LOG_ALERT_NAMES, params: podLogParams },
];
