import { definePlaybook } from '@triage/core';
import { assessDrain } from './assess-drain.js';
import { drainFindings } from './drain-findings.js';
import { fetchScope, scopeKey } from './drain-scope.js';
import { pdbDrainParams, scopeOf } from './params.js';
import { pdbDrainTriggers } from './triggers.js';

export { assessDrain, type DrainAssessment } from './assess-drain.js';
export { type DrainCandidates, drainCandidates } from './drain-candidates.js';
export { pdbDrainParams } from './params.js';
export { PDB_ALERT_NAMES } from './triggers.js';

/**
 * Why a drain, node-pool upgrade or scale-down is stuck: which PodDisruptionBudget refuses which
 * pod (asked of the API with dry-run evictions), why the budget is exhausted, the owning
 * controller's replicas, and fixes checked by server-side dry-run patches. Never changes anything.
 *
 * @example triage run pdb-drain --node aks-userpool-31415926-vmss000000
 * @example triage run pdb-drain --namespace web
 */
export const pdbDrainPlaybook = definePlaybook({
  name: 'pdb-drain',
  summary:
    'Which PodDisruptionBudget blocks a drain or node-pool upgrade, why, and fixes proven by server-side dry-run',
  params: pdbDrainParams,
  triggers: pdbDrainTriggers,
  timeoutMs: 60_000,
  async run(ctx, params) {
    const scope = scopeOf(params);
    await ctx.progress(`Checking what a drain of ${scopeKey(scope)} would evict and which budgets allow it`);
    const objects = await fetchScope(ctx.kube, scope);
    if (!objects) {
      return [
        {
          severity: 'warning',
          title: `Node ${params.node} does not exist`,
          detail: 'It may already have been drained and removed (upgrade, scale-down) after the alert fired.',
          subject: scopeKey(scope),
          evidence: [{ source: `Node/${params.node}`, text: 'GET returned 404 Not Found' }],
        },
      ];
    }
    ctx.signal.throwIfAborted();
    const assessment = await assessDrain(
      { kube: ctx.kube, signal: ctx.signal, ...(ctx.dryRun && { dryRun: ctx.dryRun }) },
      objects,
    );
    return drainFindings(assessment);
  },
});
