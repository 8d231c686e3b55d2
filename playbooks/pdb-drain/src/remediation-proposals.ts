import type { KubeDryRun } from '@triage/core';
import type { BudgetReason } from './budget-explanation.js';
import { disruptionsAfterScale } from './budget-explanation.js';
import type { Budget } from './kube-views.js';
import type { Owner } from './owner-chain.js';

/** One concrete change that would unblock the drain, as an exact merge patch. */
export interface Proposal {
  id: 'scale-up' | 'relax-budget' | 'lower-min-available' | 'always-allow';
  /** What the change does, e.g. `Scale Deployment web/nginx from 1 to 2 replicas`. */
  summary: string;
  tradeOff: string;
  resource: 'deployments' | 'statefulsets' | 'replicasets' | 'poddisruptionbudgets';
  /** kubectl's name for the resource in the command. */
  kubectlResource: string;
  name: string;
  namespace: string;
  /** A JSON merge patch (RFC 7386). */
  patch: Record<string, unknown>;
}

/** A proposal with the API server's dry-run verdict (absent when nothing could be asked). */
export interface VerifiedProposal extends Proposal {
  dryRun?: { ok: boolean; detail: string };
}

/** What the proposals are for: one blocking budget. */
export interface Blockage {
  budget: Budget;
  /** The single top-level controller of the budget's pods, when there is exactly one. */
  owner?: Owner;
  reasons: readonly BudgetReason[];
  /** True when some pod the drain needs is unready (AlwaysAllow could free it). */
  unreadyBlocked: boolean;
}

/** The exact command that applies the proposal: `kubectl -n web patch deployment nginx --type merge -p '…'`. */
export function patchCommand(p: Proposal): string {
  // Names are DNS-1123 and the patch is JSON without single quotes, so the quoting is safe.
  return `kubectl -n ${p.namespace} patch ${p.kubectlResource} ${p.name} --type merge -p '${JSON.stringify(p.patch)}'`;
}

function scaleUp(b: Blockage): Proposal | undefined {
  const { owner, budget } = b;
  if (!owner?.resource || owner.replicas === undefined) return undefined;
  // Scaling helps only when one more healthy pod yields a disruption (not with maxUnavailable 0 or minAvailable 100%).
  if (disruptionsAfterScale(budget, 1) <= 0) return undefined;
  const replicas = owner.replicas + 1;
  return {
    id: 'scale-up',
    summary: `Scale ${owner.kind} ${owner.namespace}/${owner.name} from ${owner.replicas} to ${replicas} replicas`,
    tradeOff: `the new pod must be scheduled on another node and become Ready before the budget allows an eviction (needs spare capacity outside the cordoned node); costs one more replica, and an HPA or GitOps sync may scale it back${owner.kind === 'StatefulSet' ? `; a StatefulSet adds ordinal ${owner.replicas} with its own volume` : ''}`,
    resource: owner.resource,
    kubectlResource: owner.kind.toLowerCase(),
    name: owner.name,
    namespace: owner.namespace,
    patch: { spec: { replicas } },
  };
}

function relaxBudget(b: Blockage): Proposal[] {
  const { budget } = b;
  const base = {
    resource: 'poddisruptionbudgets' as const,
    kubectlResource: 'poddisruptionbudget',
    name: budget.name,
    namespace: budget.namespace,
  };
  const relax: Proposal = {
    ...base,
    id: 'relax-budget',
    summary: `Relax PodDisruptionBudget ${budget.namespace}/${budget.name} to maxUnavailable 1`,
    tradeOff:
      'less protection during voluntary disruptions: one pod may be down at a time (with a single replica the workload is briefly unavailable while its pod moves)',
    // null removes minAvailable: a budget may set only one of the two.
    patch: { spec: { ...(budget.minAvailable !== undefined && { minAvailable: null }), maxUnavailable: 1 } },
  };
  const proposals = [relax];
  const min = budget.minAvailable;
  if (typeof min === 'number' && min > 0 && budget.status.currentHealthy >= 1) {
    const lowered = Math.min(min - 1, budget.status.currentHealthy - 1);
    proposals.push({
      ...base,
      id: 'lower-min-available',
      summary: `Lower minAvailable of PodDisruptionBudget ${budget.namespace}/${budget.name} from ${min} to ${lowered}`,
      tradeOff:
        lowered === 0
          ? 'no pod must stay available during voluntary disruptions: the budget then protects nothing'
          : `only ${lowered} pod${lowered === 1 ? '' : 's'} must stay available during voluntary disruptions`,
      patch: { spec: { minAvailable: lowered } },
    });
  }
  return proposals;
}

function alwaysAllow(b: Blockage): Proposal | undefined {
  if (!b.unreadyBlocked || b.budget.unhealthyPodEvictionPolicy === 'AlwaysAllow') return undefined;
  if (!b.reasons.some((r) => r.code === 'unhealthy-pods')) return undefined;
  return {
    id: 'always-allow',
    summary: `Set unhealthyPodEvictionPolicy AlwaysAllow on PodDisruptionBudget ${b.budget.namespace}/${b.budget.name}`,
    tradeOff:
      'unready pods can then be evicted even while the application is below its budget: right for crash-looping pods, risky for pods that are slow to become Ready (e.g. a database replica catching up)',
    resource: 'poddisruptionbudgets',
    kubectlResource: 'poddisruptionbudget',
    name: b.budget.name,
    namespace: b.budget.namespace,
    patch: { spec: { unhealthyPodEvictionPolicy: 'AlwaysAllow' } },
  };
}

/**
 * The smallest changes that would let the blocked evictions through, safest first: free unready
 * pods, add a replica, then relax the budget. Budget changes are proposed only for spec causes
 * (a budget that merely waits for pods to recover needs no relaxing).
 */
export function proposeFixes(b: Blockage): Proposal[] {
  const specCause = b.reasons.some((r) =>
    ['replicas-at-min', 'max-unavailable-zero', 'exhausted'].includes(r.code),
  );
  return [alwaysAllow(b), scaleUp(b), ...(specCause ? relaxBudget(b) : [])].filter(
    (p): p is Proposal => p !== undefined,
  );
}

/**
 * Sends each proposal to the API server as a dry-run merge patch (nothing changes). Without
 * `dryRun` the proposals come back unverified; a failed request is a failed verification.
 */
export async function verifyProposals(
  dryRun: KubeDryRun | undefined,
  proposals: readonly Proposal[],
): Promise<VerifiedProposal[]> {
  if (!dryRun) return [...proposals];
  return Promise.all(
    proposals.map(async (p) => {
      try {
        const answer = await dryRun.patch(p.resource, p.name, p.namespace, p.patch, 'merge');
        const detail = answer.allowed
          ? `accepted by the API server (${answer.status}, dryRun=All)`
          : `refused by the API server (${answer.status}): ${answer.message}`;
        return { ...p, dryRun: { ok: answer.allowed, detail } };
      } catch (err) {
        return { ...p, dryRun: { ok: false, detail: `dry-run failed: ${(err as Error).message}` } };
      }
    }),
  );
}
