import type { KubeObject } from '@triage/core';
import type { Budget } from './kube-views.js';
import { matchesSelector } from './label-selector.js';

/**
 * True when the budget covers the pod: same namespace and a selector matching the pod's labels.
 * A null selector covers nothing; `{}` covers every pod of the namespace (policy/v1 semantics).
 */
export function budgetCoversPod(budget: Budget, pod: KubeObject): boolean {
  if (budget.namespace !== pod.metadata.namespace || !budget.selector) return false;
  return matchesSelector(budget.selector, pod.metadata.labels ?? {});
}

/** The budgets among `budgets` that cover the pod (more than one makes the eviction API refuse it). */
export function budgetsForPod(pod: KubeObject, budgets: readonly Budget[]): Budget[] {
  return budgets.filter((budget) => budgetCoversPod(budget, pod));
}
