import type { KubeObject } from '@triage/core';
import { type Budget, isPodReady } from './kube-views.js';
import { type Owner, ownerLabel } from './owner-chain.js';

/** One reason a budget allows no disruption. */
export interface BudgetReason {
  code:
    | 'replicas-at-min'
    | 'max-unavailable-zero'
    | 'unhealthy-pods'
    | 'several-controllers'
    | 'not-observed'
    | 'sync-failed'
    | 'disruptions-in-flight'
    | 'matches-nothing'
    | 'exhausted';
  text: string;
  /** True when waiting will not fix it: the budget's spec or the workload's size must change. */
  lasting: boolean;
}

/** What the explanation needs besides the budget. */
export interface BudgetSurroundings {
  /** Every pod the budget's selector matches in its namespace. */
  covered: readonly KubeObject[];
  /** Distinct top-level controllers of the covered pods. */
  owners: readonly Owner[];
  /** The covered pods whose eviction the drain needs and the API refuses. */
  blocked: readonly KubeObject[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * An int-or-percent of `total`, rounded up as the disruption controller rounds both minAvailable
 * and maxUnavailable (`GetScaledValueFromIntOrPercent(…, true)`); undefined for a malformed value.
 */
export function scaledValue(value: number | string, total: number): number | undefined {
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  return match ? Math.ceil((Number(match[1]) * total) / 100) : undefined;
}

/** How many pods must stay healthy when `expected` pods are expected (desiredHealthy). */
export function requiredHealthy(budget: Budget, expected: number): number {
  if (budget.minAvailable !== undefined) {
    return scaledValue(budget.minAvailable, expected) ?? budget.status.desiredHealthy;
  }
  if (budget.maxUnavailable !== undefined) {
    const unavailable = scaledValue(budget.maxUnavailable, expected);
    return unavailable === undefined ? budget.status.desiredHealthy : Math.max(0, expected - unavailable);
  }
  return budget.status.desiredHealthy;
}

/** disruptionsAllowed once `added` more healthy pods are expected (what scaling up would buy). */
export function disruptionsAfterScale(budget: Budget, added: number): number {
  const expected = budget.status.expectedPods + added;
  return budget.status.currentHealthy + added - requiredHealthy(budget, expected);
}

export function describeRequirement(budget: Budget): string {
  if (budget.minAvailable !== undefined) return `minAvailable ${budget.minAvailable}`;
  return `maxUnavailable ${budget.maxUnavailable}`;
}

function whoseReplicas(owners: readonly Owner[], expected: number): string {
  const [owner] = owners;
  if (owners.length === 1 && owner?.replicas !== undefined) {
    return `${ownerLabel(owner)} has ${plural(owner.replicas, 'replica')}`;
  }
  return `It expects ${plural(expected, 'pod')}`;
}

function unhealthyReason(budget: Budget, s: BudgetSurroundings): BudgetReason | undefined {
  const { currentHealthy, expectedPods, desiredHealthy } = budget.status;
  if (currentHealthy >= expectedPods) return undefined;
  const unready = s.covered.filter((p) => !isPodReady(p)).map((p) => p.metadata.name);
  const named = unready.length > 0 ? ` (${unready.slice(0, 5).join(', ')})` : '';
  const blockedUnready = s.blocked.filter((p) => !isPodReady(p));
  let policy: string;
  if (budget.unhealthyPodEvictionPolicy === 'AlwaysAllow') {
    policy = 'unhealthyPodEvictionPolicy is already AlwaysAllow, so only healthy pods are held back.';
  } else if (blockedUnready.length > 0) {
    const which =
      blockedUnready.length === 1 ? 'the unready pod' : `the ${blockedUnready.length} unready pods`;
    const names = blockedUnready.map((p) => p.metadata.name).join(', ');
    policy = `unhealthyPodEvictionPolicy AlwaysAllow would let ${which} the drain needs (${names}) be evicted now; IfHealthyBudget (the default) lets unready pods go only while ${desiredHealthy} are healthy.`;
  } else {
    policy =
      'unhealthyPodEvictionPolicy AlwaysAllow would not help here: the pods the drain needs are Ready; it only frees unready pods.';
  }
  return {
    code: 'unhealthy-pods',
    text: `${plural(expectedPods - currentHealthy, 'pod')} of ${expectedPods}${named} ${expectedPods - currentHealthy === 1 ? 'is not healthy and uses' : 'are not healthy and use'} up the budget: ${currentHealthy} healthy, ${desiredHealthy} required. ${policy}`,
    lasting: false,
  };
}

/**
 * Why the budget allows no disruption, in words, most fundamental first: the spec (minAvailable
 * at or above the replica count, maxUnavailable 0), then the pods (unhealthy ones using the
 * budget, a selector spanning controllers), then the controller's bookkeeping.
 */
export function explainBudget(budget: Budget, s: BudgetSurroundings): BudgetReason[] {
  const reasons: BudgetReason[] = [];
  const { expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed } = budget.status;
  if (budget.status.observedGeneration < budget.generation) {
    reasons.push({
      code: 'not-observed',
      text: `The disruption controller has not processed the budget's latest spec yet (observedGeneration ${budget.status.observedGeneration} < generation ${budget.generation}); the eviction API answers 429 until it has.`,
      lasting: false,
    });
  }
  const syncFailed = budget.status.conditions.find((c) => c.reason === 'SyncFailed');
  if (syncFailed) {
    reasons.push({
      code: 'sync-failed',
      text: `The disruption controller cannot compute the budget (SyncFailed${syncFailed.message ? `: ${syncFailed.message}` : ''}).`,
      lasting: true,
    });
  }
  if (s.covered.length === 0 && expectedPods === 0) {
    reasons.push({
      code: 'matches-nothing',
      text: 'The selector matches no pod: the budget protects nothing (check its labels against the workload).',
      lasting: true,
    });
    return reasons;
  }
  const maxUnavailable =
    budget.maxUnavailable === undefined ? undefined : scaledValue(budget.maxUnavailable, expectedPods);
  if (maxUnavailable === 0) {
    reasons.push({
      code: 'max-unavailable-zero',
      text: `maxUnavailable ${budget.maxUnavailable} allows no voluntary disruption at any replica count: every eviction of its pods is refused.`,
      lasting: true,
    });
  } else if (budget.minAvailable !== undefined && desiredHealthy >= expectedPods) {
    reasons.push({
      code: 'replicas-at-min',
      text: `${whoseReplicas(s.owners, expectedPods)} and the budget requires ${describeRequirement(budget)}: ${expectedPods === 1 ? 'its only pod' : `all ${expectedPods} expected pods`} must stay healthy (desiredHealthy ${desiredHealthy}), so it never allows a voluntary eviction (disruptionsAllowed ${disruptionsAllowed}).`,
      lasting: true,
    });
  }
  const unhealthy = unhealthyReason(budget, s);
  if (unhealthy) reasons.push(unhealthy);
  if (s.owners.length > 1) {
    reasons.push({
      code: 'several-controllers',
      text: `The selector matches pods of ${plural(s.owners.length, 'controller')} (${s.owners.map(ownerLabel).join(', ')}): they share one budget, so one workload's unavailable pods block the other's evictions.`,
      lasting: true,
    });
  }
  const inFlight = Object.keys(budget.status.disruptedPods).length;
  if (inFlight > 0) {
    reasons.push({
      code: 'disruptions-in-flight',
      text: `${plural(inFlight, 'eviction')} the API admitted ${inFlight === 1 ? 'is' : 'are'} not yet confirmed by the disruption controller (disruptedPods) and count against the budget.`,
      lasting: false,
    });
  }
  if (reasons.length === 0 && disruptionsAllowed <= 0) {
    reasons.push({
      code: 'exhausted',
      text: `The budget is used up: ${currentHealthy} healthy, ${desiredHealthy} required (${describeRequirement(budget)} of ${expectedPods}).`,
      lasting: false,
    });
  }
  return reasons;
}
