import type { KubeDryRun, KubeObject, KubeReader } from '@triage/core';
import { type BudgetReason, explainBudget } from './budget-explanation.js';
import type { ScopeObjects } from './drain-scope.js';
import { checkEvictions, type EvictionVerdict } from './eviction-check.js';
import { type Budget, budgetKey, isPodReady, objectKey } from './kube-views.js';
import { selectorString } from './label-selector.js';
import { createOwnerResolver, type Owner, type OwnerResolver, ownerLabel } from './owner-chain.js';
import { budgetCoversPod, budgetsForPod } from './pdb-matching.js';
import { proposeFixes, type VerifiedProposal, verifyProposals } from './remediation-proposals.js';

/** One pod the drain would evict: its budgets and whether the eviction would go through now. */
export interface PodCheck {
  pod: KubeObject;
  budgets: Budget[];
  eviction: EvictionVerdict;
}

/** A budget that refuses an eviction the drain needs, with why and what would fix it. */
export interface BlockingBudget {
  budget: Budget;
  blocked: PodCheck[];
  /** Every pod the budget covers in its namespace. */
  covered: KubeObject[];
  /** Distinct top-level controllers of the covered pods. */
  owners: Owner[];
  reasons: BudgetReason[];
  fixes: VerifiedProposal[];
}

/** Everything the findings are made of. */
export interface DrainAssessment {
  objects: ScopeObjects;
  checks: PodCheck[];
  blocking: BlockingBudget[];
  /** Pods covered by more than one budget: the eviction API refuses them outright. */
  severalBudgets: PodCheck[];
  /** Pods the API refuses without a budget of ours to blame (e.g. a budget we could not read). */
  otherRefusals: PodCheck[];
  /** Budgets covering pods to evict that refuse none of them. */
  allowing: { budget: Budget; pods: PodCheck[] }[];
  /** Budgets (namespace scope) whose selector matches no pod. */
  idle: { budget: Budget; reasons: BudgetReason[] }[];
  /** False when Triage runs without dry-run access: verdicts are predicted and fixes unverified. */
  verified: boolean;
}

interface AssessDeps {
  kube: KubeReader;
  dryRun?: KubeDryRun;
  signal: AbortSignal;
}

async function coveredPods(kube: KubeReader, objects: ScopeObjects, budget: Budget): Promise<KubeObject[]> {
  const known =
    objects.scope.kind === 'namespace'
      ? objects.pods
      : await kube.list('pods', {
          namespace: budget.namespace,
          labelSelector: selectorString(budget.selector ?? {}),
        });
  return known.filter((pod) => budgetCoversPod(budget, pod));
}

async function distinctOwners(resolver: OwnerResolver, pods: readonly KubeObject[]): Promise<Owner[]> {
  const owners = new Map<string, Owner>();
  for (const owner of await Promise.all(pods.map((p) => resolver.ownerOf(p)))) {
    if (owner) owners.set(`${owner.kind}/${owner.name}`, owner);
  }
  return [...owners.values()].sort((a, b) => ownerLabel(a).localeCompare(ownerLabel(b)));
}

async function assessBlocking(
  deps: AssessDeps,
  objects: ScopeObjects,
  resolver: OwnerResolver,
  budget: Budget,
  blocked: PodCheck[],
): Promise<BlockingBudget> {
  const covered = await coveredPods(deps.kube, objects, budget);
  const owners = await distinctOwners(resolver, covered.length > 0 ? covered : blocked.map((c) => c.pod));
  const reasons = explainBudget(budget, { covered, owners, blocked: blocked.map((c) => c.pod) });
  const proposals = proposeFixes({
    budget,
    ...(owners.length === 1 && { owner: owners[0] }),
    reasons,
    unreadyBlocked: blocked.some((c) => !isPodReady(c.pod)),
  });
  const fixes = await verifyProposals(deps.dryRun, proposals);
  return { budget, blocked, covered, owners, reasons, fixes };
}

/**
 * Works out the drain: each pod's budgets, the API's eviction verdict (dry-run), and for every
 * budget that refuses one the covered pods, their controllers, why it allows nothing and the
 * dry-run-checked fixes. Requests grow with the pods to evict and the blocking budgets.
 */
export async function assessDrain(deps: AssessDeps, objects: ScopeObjects): Promise<DrainAssessment> {
  const covering = objects.candidates.evict.map((pod) => ({
    pod,
    budgets: budgetsForPod(pod, objects.budgets),
  }));
  const verdicts = await checkEvictions(deps.dryRun, covering, deps.signal);
  const checks = covering.map((c) => ({ ...c, eviction: verdicts.get(objectKey(c.pod)) as EvictionVerdict }));

  const refusedBy = new Map<string, { budget: Budget; blocked: PodCheck[] }>();
  const severalBudgets: PodCheck[] = [];
  const otherRefusals: PodCheck[] = [];
  for (const check of checks.filter((c) => !c.eviction.allowed)) {
    const [budget, ...more] = check.budgets;
    if (more.length > 0) severalBudgets.push(check);
    else if (!budget) otherRefusals.push(check);
    else {
      const group = refusedBy.get(budgetKey(budget)) ?? { budget, blocked: [] };
      group.blocked.push(check);
      refusedBy.set(budgetKey(budget), group);
    }
  }
  deps.signal.throwIfAborted();
  const resolver = createOwnerResolver(deps.kube);
  const blocking = await Promise.all(
    [...refusedBy.values()].map((g) => assessBlocking(deps, objects, resolver, g.budget, g.blocked)),
  );

  const allowing = objects.budgets
    .filter((b) => !refusedBy.has(budgetKey(b)))
    .map((budget) => ({
      budget,
      pods: checks.filter((c) => c.budgets.length === 1 && c.budgets[0] === budget),
    }))
    .filter((a) => a.pods.length > 0);
  const idle =
    objects.scope.kind === 'namespace'
      ? objects.budgets
          .filter((b) => !objects.pods.some((p) => budgetCoversPod(b, p)))
          .map((budget) => ({
            budget,
            reasons: explainBudget(budget, { covered: [], owners: [], blocked: [] }),
          }))
          .filter((i) => i.reasons.some((r) => r.code === 'matches-nothing'))
      : [];
  return {
    objects,
    checks,
    blocking,
    severalBudgets,
    otherRefusals,
    allowing,
    idle,
    verified: deps.dryRun !== undefined,
  };
}
