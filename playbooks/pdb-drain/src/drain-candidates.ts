import type { KubeObject } from '@triage/core';
import { controllerRef, podPhase } from './kube-views.js';

/** Why a drain leaves a pod alone. */
export type SkipReason = 'daemonset' | 'mirror' | 'terminated';

/** The pods a drain would evict, and those it skips. */
export interface DrainCandidates {
  evict: KubeObject[];
  skipped: { pod: KubeObject; reason: SkipReason }[];
}

// kubelet marks static pods' API mirrors with this annotation (k8s.io/api/core/v1 MirrorPodAnnotationKey).
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

function skipReason(pod: KubeObject): SkipReason | undefined {
  if (pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined) return 'mirror';
  const phase = podPhase(pod);
  if (phase === 'Succeeded' || phase === 'Failed') return 'terminated';
  if (controllerRef(pod)?.kind === 'DaemonSet') return 'daemonset';
  return undefined;
}

/**
 * Splits pods as `kubectl drain --ignore-daemonsets` does: mirror (static) pods cannot be evicted
 * through the API, DaemonSet pods would come straight back, finished pods need no eviction; the
 * rest are evicted one eviction request each.
 */
export function drainCandidates(pods: readonly KubeObject[]): DrainCandidates {
  const result: DrainCandidates = { evict: [], skipped: [] };
  for (const pod of pods) {
    const reason = skipReason(pod);
    if (reason) result.skipped.push({ pod, reason });
    else result.evict.push(pod);
  }
  return result;
}
