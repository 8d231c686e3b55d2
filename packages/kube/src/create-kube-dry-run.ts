import type { KubeConfig } from '@kubernetes/client-node';
import type { DryRunResult, KubeDryRun } from '@triage/core';
import type { RequestDescription } from './errors.js';
import {
  type ApiAnswer,
  createKubeTransport,
  failure,
  isStatus,
  type KubeRequestOptions,
  statusCauses,
  statusMessage,
} from './kube-request.js';
import { patchOutcome, patchRequest, refused } from './patch-request.js';
import { assertNamespaceName, assertObjectName } from './validate-name.js';

export type KubeDryRunOptions = KubeRequestOptions;

const dryRunQuery = () => new URLSearchParams({ dryRun: 'All' });

/**
 * Core's KubeDryRun over the kubeconfig's current cluster: every request carries `dryRun=All`, so
 * the API server validates, admits and decides, and persists nothing. A refusal the change itself
 * earns (PDB 429, more than one PDB, 422 invalid, 409 conflict) is a result with `allowed: false`;
 * RBAC refusals (403), missing objects and transport failures are KubeErrors, as with the reader.
 *
 * @example
 * const dryRun = createKubeDryRun(loadKubeConfig(), { signal: ctx.signal });
 * const { allowed, causes } = await dryRun.evict('web', 'nginx-rfsjqvntbk-8p78l');
 */
export function createKubeDryRun(config: KubeConfig, options: KubeDryRunOptions = {}): KubeDryRun {
  const send = createKubeTransport(config, options);

  return {
    async evict(namespace, pod) {
      assertNamespaceName(namespace);
      assertObjectName(pod);
      const describe: RequestDescription = {
        verb: 'create',
        resource: 'pods/eviction',
        name: pod,
        namespace,
      };
      const answer = await send({
        method: 'POST',
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/eviction`,
        query: dryRunQuery(),
        describe,
        // The API requires DeleteOptions.dryRun to match the query's (eviction.go propagateDryRun).
        body: {
          json: {
            apiVersion: 'policy/v1',
            kind: 'Eviction',
            metadata: { name: pod, namespace },
            deleteOptions: { dryRun: ['All'] },
          },
        },
      });
      return evictionResult(answer, describe);
    },

    async patch(resource, name, namespace, patch, type) {
      const request = patchRequest({ resource, name, namespace, patch, type }, { dryRun: true });
      return patchOutcome(await send(request), request, 'the patch would be accepted');
    },
  };
}

/** Eviction outcomes as eviction.go decides them (reference: protocols §6.1). */
function evictionResult(answer: ApiAnswer, describe: RequestDescription): DryRunResult {
  if (answer.status >= 200 && answer.status < 300) {
    return { allowed: true, status: answer.status, message: 'the eviction would be allowed' };
  }
  const message = statusMessage(answer.body) ?? '';
  // 429 with a DisruptionBudget cause is the budget speaking; a plain 429 is API throttling (retry).
  const budgetBlocks =
    answer.status === 429 && statusCauses(answer.body).some((c) => c.reason === 'DisruptionBudget');
  const severalBudgets = answer.status === 500 && message.includes('more than one PodDisruptionBudget');
  // A negative disruptionsAllowed answers 403 about the budget itself, not about our RBAC.
  const budgetForbids =
    answer.status === 403 &&
    isStatus(answer.body) &&
    String(answer.body.details?.kind).startsWith('poddisruptionbudget');
  if (budgetBlocks || severalBudgets || budgetForbids) return refused(answer);
  throw failure(answer, describe);
}
