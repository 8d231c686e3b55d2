import type { KubeObject } from '@triage/core';
import type { LabelSelector } from './label-selector.js';

/** `namespace/name` of a namespaced object. */
export function objectKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** The reference to the object's managing controller (the owner with `controller: true`). */
export function controllerRef(obj: KubeObject) {
  return obj.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

/** True when the pod's Ready condition is True (what the disruption controller counts as healthy). */
export function isPodReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type?: string; status?: string }[] } | undefined)
    ?.conditions;
  return conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function podPhase(pod: KubeObject): string | undefined {
  const phase = (pod.status as { phase?: unknown } | undefined)?.phase;
  return typeof phase === 'string' ? phase : undefined;
}

/** A PodDisruptionBudget condition (metav1.Condition). */
export interface BudgetCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** The fields of a policy/v1 PodDisruptionBudget this playbook reads (protocols §6.2). */
export interface Budget {
  namespace: string;
  name: string;
  generation: number;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  /** Null or absent selects nothing; `{}` selects every pod of the namespace (policy/v1). */
  selector?: LabelSelector | null;
  unhealthyPodEvictionPolicy: 'IfHealthyBudget' | 'AlwaysAllow' | string;
  status: {
    observedGeneration: number;
    disruptionsAllowed: number;
    currentHealthy: number;
    desiredHealthy: number;
    expectedPods: number;
    disruptedPods: Record<string, string>;
    conditions: BudgetCondition[];
  };
}

const intOrString = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? v : undefined);
const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Reads a PodDisruptionBudget object; missing status fields are 0, as the API serializes them. */
export function toBudget(obj: KubeObject): Budget {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const minAvailable = intOrString(spec.minAvailable);
  const maxUnavailable = intOrString(spec.maxUnavailable);
  const generation = obj.metadata.generation;
  return {
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name,
    generation: typeof generation === 'number' ? generation : 0,
    ...(minAvailable !== undefined && { minAvailable }),
    ...(maxUnavailable !== undefined && { maxUnavailable }),
    selector: (spec.selector as LabelSelector | null | undefined) ?? null,
    unhealthyPodEvictionPolicy:
      typeof spec.unhealthyPodEvictionPolicy === 'string'
        ? spec.unhealthyPodEvictionPolicy
        : 'IfHealthyBudget',
    status: {
      observedGeneration: int(status.observedGeneration),
      disruptionsAllowed: int(status.disruptionsAllowed),
      currentHealthy: int(status.currentHealthy),
      desiredHealthy: int(status.desiredHealthy),
      expectedPods: int(status.expectedPods),
      disruptedPods:
        typeof status.disruptedPods === 'object' && status.disruptedPods !== null
          ? (status.disruptedPods as Record<string, string>)
          : {},
      conditions: Array.isArray(status.conditions) ? (status.conditions as BudgetCondition[]) : [],
    },
  };
}

/** `web/nginx-pdb` */
export function budgetKey(budget: Budget): string {
  return `${budget.namespace}/${budget.name}`;
}
