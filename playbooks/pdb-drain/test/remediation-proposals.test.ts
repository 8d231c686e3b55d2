import type { KubeDryRun } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { explainBudget } from '../src/budget-explanation.js';
import { toBudget } from '../src/kube-views.js';
import type { Owner } from '../src/owner-chain.js';
import { patchCommand, proposeFixes, verifyProposals } from '../src/remediation-proposals.js';
import { budget, nginxOwner as nginx, pod } from './kube-fixtures.js';

function blockage(b: ReturnType<typeof toBudget>, owner: Owner | undefined, unreadyBlocked = false) {
  const blocked = [pod('nginx-1', { ready: !unreadyBlocked })];
  const reasons = explainBudget(b, { covered: blocked, owners: owner ? [owner] : [], blocked });
  return { budget: b, ...(owner && { owner }), reasons, unreadyBlocked };
}

describe('proposeFixes', () => {
  it('proposes scale to 2, maxUnavailable 1 and minAvailable 0 for one replica under minAvailable 1', () => {
    const fixes = proposeFixes(blockage(toBudget(budget('nginx-pdb', { minAvailable: 1 })), nginx));
    expect(fixes.map((f) => [f.id, f.patch])).toEqual([
      ['scale-up', { spec: { replicas: 2 } }],
      ['relax-budget', { spec: { minAvailable: null, maxUnavailable: 1 } }],
      ['lower-min-available', { spec: { minAvailable: 0 } }],
    ]);
    expect(patchCommand(fixes[0] as (typeof fixes)[0])).toBe(
      `kubectl -n web patch deployment nginx --type merge -p '{"spec":{"replicas":2}}'`,
    );
    expect(patchCommand(fixes[1] as (typeof fixes)[0])).toBe(
      `kubectl -n web patch poddisruptionbudget nginx-pdb --type merge -p '{"spec":{"minAvailable":null,"maxUnavailable":1}}'`,
    );
    for (const f of fixes) expect(f.tradeOff.length).toBeGreaterThan(20);
  });

  it('does not propose scaling when maxUnavailable 0 would still allow nothing', () => {
    const b = toBudget(
      budget('x', { maxUnavailable: 0, status: { currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 } }),
    );
    expect(proposeFixes(blockage(b, nginx)).map((f) => [f.id, f.patch])).toEqual([
      ['relax-budget', { spec: { maxUnavailable: 1 } }],
    ]);
  });

  it('proposes only AlwaysAllow when unhealthy pods block an unready pod (one more replica would still leave 0 allowed)', () => {
    const b = toBudget(
      budget('api', { minAvailable: 2, status: { currentHealthy: 1, desiredHealthy: 2, expectedPods: 3 } }),
    );
    const fixes = proposeFixes(blockage(b, { ...nginx, replicas: 3 }, true));
    expect(fixes.map((f) => f.id)).toEqual(['always-allow']);
    expect(fixes[0]?.patch).toEqual({ spec: { unhealthyPodEvictionPolicy: 'AlwaysAllow' } });
  });

  it('proposes no scaling without a single scalable owner', () => {
    const fixes = proposeFixes(blockage(toBudget(budget('nginx-pdb', { minAvailable: 1 })), undefined));
    expect(fixes.map((f) => f.id)).toEqual(['relax-budget', 'lower-min-available']);
  });
});

describe('verifyProposals', () => {
  const fixes = proposeFixes(blockage(toBudget(budget('nginx-pdb', { minAvailable: 1 })), nginx));

  it('sends each fix as a dry-run merge patch and records the verdict', async () => {
    const sent: unknown[] = [];
    const dryRun: KubeDryRun = {
      evict: () => Promise.reject(new Error('not used')),
      async patch(resource, name, namespace, patch, type) {
        sent.push([resource, name, namespace, patch, type]);
        return resource === 'deployments'
          ? { allowed: true, status: 200, message: 'the patch would be accepted' }
          : { allowed: false, status: 422, message: 'spec.minAvailable: Invalid value' };
      },
    };
    const verified = await verifyProposals(dryRun, fixes);
    expect(sent[0]).toEqual(['deployments', 'nginx', 'web', { spec: { replicas: 2 } }, 'merge']);
    expect(verified.map((v) => v.dryRun?.ok)).toEqual([true, false, false]);
    expect(verified[1]?.dryRun?.detail).toBe(
      'refused by the API server (422): spec.minAvailable: Invalid value',
    );
  });

  it('marks a fix whose dry-run request failed as not verified ok', async () => {
    const dryRun: KubeDryRun = {
      evict: () => Promise.reject(new Error('not used')),
      patch: () => Promise.reject(new Error('patch deployments/nginx is forbidden (403)')),
    };
    const [first] = await verifyProposals(dryRun, fixes);
    expect(first?.dryRun).toEqual({
      ok: false,
      detail: 'dry-run failed: patch deployments/nginx is forbidden (403)',
    });
  });

  it('returns the fixes without verdicts when there is no dry-run access', async () => {
    expect((await verifyProposals(undefined, fixes)).every((f) => f.dryRun === undefined)).toBe(true);
  });
});
