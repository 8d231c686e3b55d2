import type { NodeView, Taint } from './kube-views.js';

/** The NoExecute taint the node lifecycle controller adds for Ready=Unknown / Ready=False. */
const LIFECYCLE_KEYS = new Set(['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready']);

/**
 * Pods that set no toleration of their own get these 300 s from the DefaultTolerationSeconds
 * admission plugin, so the taint manager evicts them 5 minutes after the taint was added.
 */
export const DEFAULT_TOLERATION_SECONDS = 300;

/** A lifecycle NoExecute taint and when pods without their own toleration are (or were) evicted. */
export interface EvictionTaint {
  taint: Taint;
  /** timeAdded + 300 s; undefined when the taint has no timeAdded. */
  evictAt?: Date;
}

/** What the node's taints mean for its pods. */
export interface TaintAssessment {
  /** `spec.unschedulable` (kubectl cordon / drain). */
  cordoned: boolean;
  /** unreachable / not-ready NoExecute taints, with the eviction time. */
  evicting: EvictionTaint[];
  /** Every taint, as `key[=value]:effect`. */
  all: string[];
}

/** `key[=value]:effect`, as kubectl prints a taint. */
export function taintText(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

/** Reads cordon state and the taints that evict or repel pods. */
export function assessTaints(node: NodeView): TaintAssessment {
  const taints = node.spec.taints;
  const evicting = taints
    .filter((t) => t.effect === 'NoExecute' && LIFECYCLE_KEYS.has(t.key))
    .map((taint) => {
      const added = taint.timeAdded ? Date.parse(taint.timeAdded) : Number.NaN;
      const evictAt = Number.isNaN(added) ? undefined : new Date(added + DEFAULT_TOLERATION_SECONDS * 1000);
      return { taint, evictAt };
    });
  return { cordoned: node.spec.unschedulable === true, evicting, all: taints.map(taintText) };
}
