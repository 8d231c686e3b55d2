import type { KubeDryRun, KubeObject } from '@triage/core';
import { type Budget, isPodReady, objectKey, podPhase } from './kube-views.js';

/** Whether a pod can be evicted now, and who says so. */
export interface EvictionVerdict {
  allowed: boolean;
  /** `api`: the API server's answer to a dry-run eviction; `predicted`: read from the budgets' status. */
  source: 'api' | 'predicted';
  /** HTTP status of the API's answer (or the one eviction.go would give, when predicted). */
  status: number;
  message: string;
  causes?: string[];
}

/** Most dry-run evictions per run; the rest are predicted (a namespace can hold thousands of pods). */
export const MAX_EVICTION_DRY_RUNS = 100;
const CONCURRENCY = 4;

const budgetMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

/**
 * The eviction API's decision for a pod, predicted from the budgets' status with the rules of
 * eviction.go (protocols §6.1). Used when Triage has no dry-run access, and for pods no budget covers.
 */
export function predictEviction(pod: KubeObject, budgets: readonly Budget[]): EvictionVerdict {
  const phase = podPhase(pod);
  const allowed = (message: string): EvictionVerdict => ({
    allowed: true,
    source: 'predicted',
    status: 201,
    message,
  });
  if (phase === 'Pending' || phase === 'Succeeded' || phase === 'Failed' || pod.metadata.deletionTimestamp) {
    return allowed(`the pod is ${phase ?? 'terminating'}: evictions skip budget checks`);
  }
  if (budgets.length > 1) {
    return {
      allowed: false,
      source: 'predicted',
      status: 500,
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    };
  }
  const [budget] = budgets;
  if (!budget) return allowed('no PodDisruptionBudget covers the pod');
  const { status } = budget;
  if (!isPodReady(pod)) {
    if (budget.unhealthyPodEvictionPolicy === 'AlwaysAllow')
      return allowed('unready pod, unhealthyPodEvictionPolicy AlwaysAllow');
    if (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0) {
      return allowed('unready pod while the budget is healthy');
    }
  }
  const refused = (code: number, message: string, cause?: string): EvictionVerdict => ({
    allowed: false,
    source: 'predicted',
    status: code,
    message,
    ...(cause && { causes: [cause] }),
  });
  if (status.observedGeneration < budget.generation) {
    return refused(
      429,
      budgetMessage,
      `The disruption budget ${budget.name} is still being processed by the server.`,
    );
  }
  if (status.disruptionsAllowed < 0) return refused(403, 'pdb disruptions allowed is negative');
  if (status.disruptionsAllowed === 0) {
    return refused(
      429,
      budgetMessage,
      `The disruption budget ${budget.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
    );
  }
  return allowed(`the budget allows ${status.disruptionsAllowed} more disruption(s)`);
}

/**
 * Asks the API server (dry-run eviction, `dryRun=All`) for every budgeted pod, up to
 * MAX_EVICTION_DRY_RUNS; predicts the rest and every pod when `dryRun` is absent. A dry-run that
 * fails (RBAC, a pod that just went away) falls back to the prediction and says why.
 */
export async function checkEvictions(
  dryRun: KubeDryRun | undefined,
  pods: readonly { pod: KubeObject; budgets: readonly Budget[] }[],
  signal: AbortSignal,
): Promise<Map<string, EvictionVerdict>> {
  const verdicts = new Map<string, EvictionVerdict>();
  const asked = dryRun ? pods.filter((p) => p.budgets.length > 0).slice(0, MAX_EVICTION_DRY_RUNS) : [];
  for (const { pod, budgets } of pods) verdicts.set(objectKey(pod), predictEviction(pod, budgets));
  for (let i = 0; i < asked.length; i += CONCURRENCY) {
    signal.throwIfAborted();
    await Promise.all(
      asked.slice(i, i + CONCURRENCY).map(async ({ pod }) => {
        const key = objectKey(pod);
        try {
          const answer = await (dryRun as KubeDryRun).evict(pod.metadata.namespace ?? '', pod.metadata.name);
          verdicts.set(key, { ...answer, source: 'api' });
        } catch (err) {
          signal.throwIfAborted();
          const predicted = verdicts.get(key) as EvictionVerdict;
          verdicts.set(key, {
            ...predicted,
            message: `${predicted.message} (dry-run failed: ${(err as Error).message})`,
          });
        }
      }),
    );
  }
  return verdicts;
}
