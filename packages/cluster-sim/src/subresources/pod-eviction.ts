import { z } from 'zod';
import { type BudgetObject, decideEviction } from '../disruption-budget.js';
import { KubeApiError } from '../errors.js';
import { readBody } from '../http-io.js';
import type { PodObject } from '../pod-types.js';
import type { SubresourceHandler } from './types.js';

const evictionSchema = z.object({
  apiVersion: z.enum(['policy/v1', 'policy/v1beta1']),
  kind: z.literal('Eviction'),
  metadata: z.object({ name: z.string().optional(), namespace: z.string().optional() }).passthrough(),
  deleteOptions: z
    .object({ dryRun: z.array(z.string()).optional(), gracePeriodSeconds: z.number().optional() })
    .passthrough()
    .nullish(),
});

/**
 * `POST /api/v1/namespaces/<ns>/pods/<name>/eviction` (policy/v1 or v1beta1 Eviction): decides with
 * the PodDisruptionBudget rules of the real apiserver, then deletes the pod and records the
 * disruption in the budget's status. `dryRun=All` (query or `deleteOptions.dryRun`) changes nothing.
 */
export const podEvictionHandler: SubresourceHandler = async (req, res, ctx) => {
  if (req.method !== 'POST')
    throw new KubeApiError(
      'MethodNotAllowed',
      `the server does not allow this method on the requested resource`,
    );
  const parsed = evictionSchema.safeParse(await readBody(req));
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new KubeApiError('BadRequest', `invalid Eviction: ${problems.join('; ')}`);
  }
  const eviction = parsed.data;
  const pod = ctx.pod as PodObject;
  const { namespace, name } = pod.metadata;
  if (eviction.metadata.name !== undefined && eviction.metadata.name !== name) {
    throw new KubeApiError('BadRequest', 'name in URL does not match name in Eviction object');
  }
  const dryRun =
    ctx.query.getAll('dryRun').includes('All') || (eviction.deleteOptions?.dryRun ?? []).includes('All');
  const budgets = ctx.store.list('poddisruptionbudgets.policy', { namespace }).items as BudgetObject[];
  const decision = decideEviction(pod, budgets, { dryRun, now: ctx.clock() });
  if (!decision.allowed) throw decision.error;
  if (!dryRun) {
    if (decision.budgetUpdate) {
      ctx.store.setStatus(
        'poddisruptionbudgets.policy',
        namespace,
        decision.budgetUpdate.name,
        decision.budgetUpdate.status,
      );
    }
    ctx.store.delete('pods', namespace, name ?? '');
  }
  res.writeHead(201, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }));
};
