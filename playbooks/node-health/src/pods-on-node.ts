import { parseQuantity } from '@triage/core';
import { type ContainerStatus, type PodView, podKey } from './kube-views.js';

/** A container whose last run ended in an OOM kill. */
export interface OomKilledContainer {
  pod: string;
  container: string;
  restarts: number;
  finishedAt?: string;
  /** Memory limit and request of the container, in bytes, when set. */
  limit?: number;
  request?: number;
}

/** A pod the kubelet evicted, with the reason it gave. */
export interface EvictedPod {
  pod: string;
  message: string;
  /** The resource the node was low on (`memory`, `ephemeral-storage`, …). */
  resource?: string;
  /** What the eviction message says the pod's container was using, in bytes. */
  usingBytes?: number;
}

/** A pod that is not doing its job, with why. */
export interface PodTrouble {
  pod: string;
  reason: string;
  detail?: string;
}

/** What the pods on the node say about it. */
export interface PodsAssessment {
  total: number;
  oomKilled: OomKilledContainer[];
  evicted: EvictedPod[];
  crashLooping: PodTrouble[];
  /** kube-system DaemonSet pods (kube-proxy, CNI, CSI, log agents) that are not running and ready. */
  systemNotReady: PodTrouble[];
  /** Pods writing to host paths: disk the kubelet can neither account for nor reclaim. */
  hostPathPods: { pod: string; paths: string[] }[];
}

// Namespaces whose DaemonSet pods the node needs: AKS/kubeadm add-ons and Calico's operator install.
const SYSTEM_NAMESPACES = new Set(['kube-system', 'calico-system', 'tigera-operator']);
// hostPaths every node agent mounts read-only or for sockets; not where disks fill up.
const ROUTINE_HOST_PATHS =
  /^\/(proc|sys|dev|run|var\/run|etc|lib\/modules|usr|var\/lib\/kubelet|var\/log|opt\/cni|var\/lib\/cni)(\/|$)/;

function resourceQuantity(pod: PodView, container: string, kind: 'limits' | 'requests'): number | undefined {
  const spec = pod.spec.containers.find((c) => c.name === container);
  return parseQuantity(spec?.resources[kind].memory);
}

function isReady(pod: PodView): boolean {
  return pod.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

function waitingReason(statuses: readonly ContainerStatus[]): ContainerStatus | undefined {
  return statuses.find((s) => s.state.waiting?.reason);
}

function oomKilledOf(pod: PodView): OomKilledContainer[] {
  return pod.status.containerStatuses
    .filter(
      (s) => s.lastState.terminated?.reason === 'OOMKilled' || s.state.terminated?.reason === 'OOMKilled',
    )
    .map((s) => ({
      pod: podKey(pod),
      container: s.name,
      restarts: s.restartCount,
      finishedAt: (s.lastState.terminated ?? s.state.terminated)?.finishedAt,
      limit: resourceQuantity(pod, s.name, 'limits'),
      request: resourceQuantity(pod, s.name, 'requests'),
    }));
}

function evictedOf(pod: PodView): EvictedPod | undefined {
  if (pod.status.reason !== 'Evicted') return undefined;
  const message = (pod.status.message ?? '').trim();
  // kubelet eviction manager wording: "The node was low on resource: memory. … Container x was using 301244Ki, …"
  const resource = /low on resource: ([\w-]+)/.exec(message)?.[1];
  const usingBytes = parseQuantity(/was using (\S+?),/.exec(message)?.[1]);
  return { pod: podKey(pod), message, resource, usingBytes };
}

function systemTrouble(pod: PodView): PodTrouble | undefined {
  const isSystemDaemon =
    SYSTEM_NAMESPACES.has(pod.metadata.namespace) &&
    pod.metadata.ownerReferences.some((o) => o.kind === 'DaemonSet');
  if (!isSystemDaemon || (pod.status.phase === 'Running' && isReady(pod))) return undefined;
  const waiting = waitingReason(pod.status.containerStatuses);
  const reason =
    waiting?.state.waiting?.reason ??
    (pod.status.phase === 'Running' ? 'NotReady' : (pod.status.phase ?? 'Unknown'));
  return { pod: podKey(pod), reason, detail: waiting?.state.waiting?.message };
}

/** Examines the pods on the node: OOM kills, evictions, crash loops, failing node agents, host-path writers. */
export function assessPods(pods: readonly PodView[]): PodsAssessment {
  const crashLooping = pods.flatMap((pod) =>
    pod.status.containerStatuses
      .filter((s) => s.state.waiting?.reason === 'CrashLoopBackOff')
      .map((s) => ({
        pod: podKey(pod),
        reason: 'CrashLoopBackOff',
        detail: `container ${s.name} restarted ${s.restartCount} times; last exit: ${s.lastState.terminated?.reason ?? 'unknown'}`,
      })),
  );
  const hostPathPods = pods.flatMap((pod) => {
    const paths = pod.spec.volumes
      .flatMap((v) => v.hostPath?.path ?? [])
      .filter((p) => !ROUTINE_HOST_PATHS.test(p));
    return paths.length > 0 ? [{ pod: podKey(pod), paths }] : [];
  });
  return {
    total: pods.length,
    oomKilled: pods.flatMap(oomKilledOf).sort((a, b) => b.restarts - a.restarts),
    evicted: pods.flatMap((pod) => evictedOf(pod) ?? []),
    crashLooping,
    systemNotReady: pods.flatMap((pod) => systemTrouble(pod) ?? []),
    hostPathPods,
  };
}
