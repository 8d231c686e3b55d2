import { KubeApiError } from './errors.js';
import type { KubeObject } from './kube-object.js';
import { type LabelSelectorObject, matchesSelectorObject } from './label-selector.js';
import { isPodReady, type PodObject } from './pod-types.js';

/**
 * PodDisruptionBudget semantics (policy/v1) as pure functions: the disruption controller's status
 * computation and the eviction subresource's decision, after `pkg/controller/disruption` and
 * `pkg/registry/core/pod/storage/eviction.go`.
 */

/** A `metav1.Condition` as stored in `status.conditions`. */
export interface BudgetCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** `status` of a policy/v1 PodDisruptionBudget. */
export interface BudgetStatus {
  observedGeneration: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: BudgetCondition[];
}

/** A policy/v1 (or v1beta1) PodDisruptionBudget. */
export interface BudgetObject extends KubeObject {
  spec?: {
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    selector?: LabelSelectorObject | null;
    unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
  };
  status?: Partial<BudgetStatus>;
}

/** The budgets of the pod's namespace whose selector matches the pod's labels. */
export function budgetsCoveringPod(pod: PodObject, budgets: readonly BudgetObject[]): BudgetObject[] {
  return budgets.filter(
    (budget) =>
      budget.metadata.namespace === pod.metadata.namespace &&
      // policy/v1: a null selector matches nothing, an empty one every pod of the namespace
      Boolean(budget.spec?.selector) &&
      matchesSelectorObject(budget.spec?.selector ?? {}, pod.metadata.labels),
  );
}

/** The pods a budget covers: same namespace, selector matches. */
export function podsCoveredBy(budget: BudgetObject, pods: readonly PodObject[]): PodObject[] {
  return pods.filter((pod) => budgetsCoveringPod(pod, [budget]).length === 1);
}

/** An int-or-percent scaled against `total`, rounded up as the disruption controller does. */
function scaled(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  if (percent) return Math.ceil((Number(percent[1]) * total) / 100);
  const asNumber = Number(value);
  return Number.isInteger(asNumber) ? asNumber : 0;
}

/** Options of {@link computeBudgetStatus}. */
export interface BudgetStatusOptions {
  /**
   * Sum of the desired replicas of the covered pods' controllers; used for `maxUnavailable` and
   * percentage `minAvailable` (defaults to the number of covered pods).
   */
  controllerScale?: number;
  now: Date;
}

/**
 * The status the disruption controller would write for `budget` given the covered `pods`:
 * expectedPods, desiredHealthy, currentHealthy (Ready and not terminating), disruptionsAllowed and the
 * `DisruptionAllowed` condition (reason SufficientPods / InsufficientPods). Keeps `disruptedPods`
 * entries of pods that still exist and the condition's transition time when its status is unchanged.
 */
export function computeBudgetStatus(
  budget: BudgetObject,
  pods: readonly PodObject[],
  options: BudgetStatusOptions,
): BudgetStatus {
  const spec = budget.spec ?? {};
  const scale = options.controllerScale ?? pods.length;
  let expectedPods: number;
  let desiredHealthy: number;
  if (spec.maxUnavailable !== undefined) {
    expectedPods = scale;
    desiredHealthy = Math.max(0, expectedPods - scaled(spec.maxUnavailable, expectedPods));
  } else if (typeof spec.minAvailable === 'string' && spec.minAvailable.endsWith('%')) {
    expectedPods = scale;
    desiredHealthy = scaled(spec.minAvailable, expectedPods);
  } else {
    expectedPods = pods.length;
    desiredHealthy = scaled(spec.minAvailable ?? 1, expectedPods);
  }
  const previousDisrupted = budget.status?.disruptedPods ?? {};
  const disruptedPods = Object.fromEntries(
    Object.entries(previousDisrupted).filter(([name]) => pods.some((pod) => pod.metadata.name === name)),
  );
  const currentHealthy = pods.filter(
    (pod) =>
      isPodReady(pod) && !pod.metadata.deletionTimestamp && !((pod.metadata.name ?? '') in disruptedPods),
  ).length;
  const disruptionsAllowed = Math.max(0, currentHealthy - desiredHealthy);
  const generation = budget.metadata.generation ?? 1;
  return {
    observedGeneration: generation,
    ...(Object.keys(disruptedPods).length > 0 ? { disruptedPods } : {}),
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods,
    conditions: [
      disruptionCondition(disruptionsAllowed > 0, generation, budget.status?.conditions, options.now),
    ],
  };
}

function disruptionCondition(
  allowed: boolean,
  generation: number,
  previous: readonly BudgetCondition[] | undefined,
  now: Date,
): BudgetCondition {
  const status = allowed ? 'True' : 'False';
  const old = previous?.find((condition) => condition.type === 'DisruptionAllowed');
  return {
    type: 'DisruptionAllowed',
    status,
    observedGeneration: generation,
    lastTransitionTime:
      old?.status === status ? old.lastTransitionTime : now.toISOString().replace(/\.\d+Z$/, 'Z'),
    reason: allowed ? 'SufficientPods' : 'InsufficientPods',
    message: '',
  };
}

/** Outcome of an eviction request. */
export type EvictionDecision =
  | {
      allowed: true;
      /** The budget whose status changes (absent when no budget applied or nothing was decremented). */
      budgetUpdate?: { name: string; status: BudgetStatus };
    }
  | { allowed: false; error: KubeApiError };

/** Mirrors the apiserver's `canIgnorePDB`: terminal, pending or terminating pods skip budget checks. */
function canIgnoreBudgets(pod: PodObject): boolean {
  const phase = pod.status?.phase;
  return (
    phase === 'Pending' ||
    phase === 'Succeeded' ||
    phase === 'Failed' ||
    Boolean(pod.metadata.deletionTimestamp)
  );
}

function fullStatus(budget: BudgetObject): BudgetStatus {
  const status = budget.status ?? {};
  return {
    observedGeneration: status.observedGeneration ?? 0,
    disruptionsAllowed: status.disruptionsAllowed ?? 0,
    currentHealthy: status.currentHealthy ?? 0,
    desiredHealthy: status.desiredHealthy ?? 0,
    expectedPods: status.expectedPods ?? 0,
    ...(status.disruptedPods ? { disruptedPods: status.disruptedPods } : {}),
    ...(status.conditions ? { conditions: status.conditions } : {}),
  };
}

/** More than 2000 unconfirmed evictions make the apiserver refuse (MaxDisruptedPodSize). */
const MAX_DISRUPTED_PODS = 2000;

/**
 * Decides an eviction as the apiserver does. `budgets` may hold every budget of the cluster; only
 * those covering the pod count. A decrement is reported in `budgetUpdate` (dry runs decide the same
 * way but never report one).
 */
export function decideEviction(
  pod: PodObject,
  budgets: readonly BudgetObject[],
  options: { dryRun: boolean; now: Date },
): EvictionDecision {
  if (canIgnoreBudgets(pod)) return { allowed: true };
  const covering = budgetsCoveringPod(pod, budgets);
  if (covering.length > 1) {
    const reason =
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
    return {
      allowed: false,
      error: new KubeApiError('InternalError', `Internal error occurred: ${reason}`, {
        causes: [{ message: reason }],
      }),
    };
  }
  const budget = covering[0];
  if (!budget) return { allowed: true };
  const name = budget.metadata.name ?? '';
  const status = fullStatus(budget);

  if (!isPodReady(pod)) {
    if (budget.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { allowed: true };
    if (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0) return { allowed: true };
  }
  if (status.observedGeneration < (budget.metadata.generation ?? 0)) {
    return {
      allowed: false,
      error: new KubeApiError(
        'TooManyRequests',
        `The disruption budget ${name} is still being processed by the server.`,
        { retryAfterSeconds: 10 },
      ),
    };
  }
  if (status.disruptionsAllowed < 0)
    return { allowed: false, error: forbidden(name, 'pdb disruptions allowed is negative') };
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    return {
      allowed: false,
      error: forbidden(
        name,
        'DisruptedPods map too big - too many evictions not confirmed by PDB controller',
      ),
    };
  }
  if (status.disruptionsAllowed === 0) {
    return {
      allowed: false,
      error: new KubeApiError(
        'TooManyRequests',
        "Cannot evict pod as it would violate the pod's disruption budget.",
        {
          causes: [
            {
              reason: 'DisruptionBudget',
              message: `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
            },
          ],
        },
      ),
    };
  }
  if (options.dryRun) return { allowed: true };
  const disruptionsAllowed = status.disruptionsAllowed - 1;
  const conditions =
    disruptionsAllowed === 0
      ? [disruptionCondition(false, budget.metadata.generation ?? 1, status.conditions, options.now)]
      : status.conditions;
  return {
    allowed: true,
    budgetUpdate: {
      name,
      status: {
        ...status,
        disruptionsAllowed,
        disruptedPods: {
          ...status.disruptedPods,
          [pod.metadata.name ?? '']: options.now.toISOString().replace(/\.\d+Z$/, 'Z'),
        },
        ...(conditions ? { conditions } : {}),
      },
    },
  };
}

function forbidden(budgetName: string, why: string): KubeApiError {
  return new KubeApiError('Forbidden', `poddisruptionbudgets.policy "${budgetName}" is forbidden: ${why}`, {
    name: budgetName,
    group: 'policy',
    kind: 'poddisruptionbudgets',
  });
}
