import type { DryRunResult, KubeDryRun } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { checkEvictions, MAX_EVICTION_DRY_RUNS, predictEviction } from '../src/eviction-check.js';
import { toBudget } from '../src/kube-views.js';
import { budget, pod } from './kube-fixtures.js';

const atLimit = toBudget(budget('nginx-pdb', { minAvailable: 1 }));
const allowing = toBudget(
  budget('storefront-pdb', {
    maxUnavailable: 1,
    status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 },
  }),
);

describe('predictEviction', () => {
  it('refuses a pod whose budget allows no disruption, with the API message and cause', () => {
    expect(predictEviction(pod('nginx-1'), [atLimit])).toEqual({
      allowed: false,
      source: 'predicted',
      status: 429,
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      causes: ['The disruption budget nginx-pdb needs 1 healthy pods and has 1 currently'],
    });
  });

  it('refuses a pod covered by two budgets with 500, whatever they allow', () => {
    expect(predictEviction(pod('x'), [allowing, allowing])).toMatchObject({ allowed: false, status: 500 });
  });

  it('allows pods without budget, pending or terminating pods, and budgets with room', () => {
    expect(predictEviction(pod('x'), []).allowed).toBe(true);
    expect(predictEviction(pod('x', { phase: 'Pending', ready: false }), [atLimit]).allowed).toBe(true);
    expect(predictEviction(pod('x', { deleting: true }), [atLimit]).allowed).toBe(true);
    expect(predictEviction(pod('x'), [allowing]).allowed).toBe(true);
  });

  it('lets an unready pod go under AlwaysAllow or while the budget is healthy', () => {
    const unready = pod('x', { ready: false });
    expect(predictEviction(unready, [atLimit]).allowed).toBe(true); // currentHealthy 1 >= desiredHealthy 1 > 0
    const sick = toBudget(
      budget('b', { minAvailable: 2, status: { currentHealthy: 1, desiredHealthy: 2, expectedPods: 2 } }),
    );
    expect(predictEviction(unready, [sick]).allowed).toBe(false);
    const always = toBudget(
      budget('b', {
        minAvailable: 2,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
        status: { currentHealthy: 1, desiredHealthy: 2, expectedPods: 2 },
      }),
    );
    expect(predictEviction(unready, [always]).allowed).toBe(true);
  });

  it('refuses while the budget spec is unprocessed, and with a negative allowance', () => {
    const unprocessed = toBudget(
      budget('b', { generation: 2, status: { observedGeneration: 1, disruptionsAllowed: 1 } }),
    );
    expect(predictEviction(pod('x'), [unprocessed])).toMatchObject({ allowed: false, status: 429 });
    const negative = toBudget(budget('b', { status: { disruptionsAllowed: -1 } }));
    expect(predictEviction(pod('x'), [negative])).toMatchObject({ allowed: false, status: 403 });
  });
});

describe('checkEvictions', () => {
  function fakeDryRun(answer: (namespace: string, name: string) => DryRunResult | Error) {
    const asked: string[] = [];
    const dryRun: KubeDryRun = {
      async evict(namespace, name) {
        asked.push(`${namespace}/${name}`);
        const result = answer(namespace, name);
        if (result instanceof Error) throw result;
        return result;
      },
      patch: () => Promise.reject(new Error('not used')),
    };
    return { dryRun, asked };
  }
  const signal = new AbortController().signal;

  it('asks the API only about pods a budget covers, and takes its answer', async () => {
    const { dryRun, asked } = fakeDryRun(() => ({
      allowed: false,
      status: 429,
      message: 'from the API',
      causes: ['c'],
    }));
    const verdicts = await checkEvictions(
      dryRun,
      [
        { pod: pod('covered'), budgets: [atLimit] },
        { pod: pod('free'), budgets: [] },
      ],
      signal,
    );
    expect(asked).toEqual(['web/covered']);
    expect(verdicts.get('web/covered')).toEqual({
      allowed: false,
      status: 429,
      message: 'from the API',
      causes: ['c'],
      source: 'api',
    });
    expect(verdicts.get('web/free')).toMatchObject({ allowed: true, source: 'predicted' });
  });

  it('falls back to the prediction when the dry-run fails, and says why', async () => {
    const { dryRun } = fakeDryRun(() => new Error('create pods/eviction is forbidden (403)'));
    const verdicts = await checkEvictions(dryRun, [{ pod: pod('covered'), budgets: [atLimit] }], signal);
    expect(verdicts.get('web/covered')).toMatchObject({ allowed: false, source: 'predicted' });
    expect(verdicts.get('web/covered')?.message).toContain(
      'dry-run failed: create pods/eviction is forbidden (403)',
    );
  });

  it('predicts every pod without dry-run access', async () => {
    const verdicts = await checkEvictions(undefined, [{ pod: pod('covered'), budgets: [atLimit] }], signal);
    expect(verdicts.get('web/covered')).toMatchObject({ allowed: false, source: 'predicted', status: 429 });
  });

  it(`asks at most ${MAX_EVICTION_DRY_RUNS} times and predicts the rest`, async () => {
    const { dryRun, asked } = fakeDryRun(() => ({ allowed: true, status: 201, message: 'ok' }));
    const pods = Array.from({ length: MAX_EVICTION_DRY_RUNS + 5 }, (_, i) => ({
      pod: pod(`p-${i}`),
      budgets: [allowing],
    }));
    const verdicts = await checkEvictions(dryRun, pods, signal);
    expect(asked).toHaveLength(MAX_EVICTION_DRY_RUNS);
    expect(verdicts.get(`web/p-${MAX_EVICTION_DRY_RUNS + 4}`)?.source).toBe('predicted');
  });
});
