import { describe, expect, it } from 'vitest';
import {
  type BudgetObject,
  computeBudgetStatus,
  decideEviction,
  podsCoveredBy,
} from '../src/disruption-budget.js';
import type { PodObject } from '../src/pod-types.js';

const now = new Date('2026-01-01T00:00:00Z');

function pod(
  name: string,
  options: { ready?: boolean; phase?: string; labels?: Record<string, string> } = {},
): PodObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'web', labels: options.labels ?? { app: 'nginx' } },
    status: {
      phase: options.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }],
    },
  };
}

function budget(name: string, spec: BudgetObject['spec'], status?: BudgetObject['status']): BudgetObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'web', generation: 1 },
    spec: { selector: { matchLabels: { app: 'nginx' } }, ...spec },
    ...(status ? { status } : {}),
  };
}

function withStatus(b: BudgetObject, pods: PodObject[], controllerScale?: number): BudgetObject {
  return {
    ...b,
    status: computeBudgetStatus(b, pods, { now, ...(controllerScale ? { controllerScale } : {}) }),
  };
}

describe('computeBudgetStatus', () => {
  it('computes minAvailable 1 over one ready pod as no disruption allowed', () => {
    const status = computeBudgetStatus(budget('nginx-pdb', { minAvailable: 1 }), [pod('a')], { now });
    expect(status).toEqual({
      observedGeneration: 1,
      disruptionsAllowed: 0,
      currentHealthy: 1,
      desiredHealthy: 1,
      expectedPods: 1,
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: 'False',
          observedGeneration: 1,
          lastTransitionTime: '2026-01-01T00:00:00Z',
          reason: 'InsufficientPods',
          message: '',
        },
      ],
    });
  });

  it('uses the controller scale for maxUnavailable and percentages, rounding up', () => {
    const pods = [pod('a'), pod('b'), pod('c', { ready: false })];
    expect(
      computeBudgetStatus(budget('p', { maxUnavailable: 1 }), pods, { now, controllerScale: 3 }),
    ).toMatchObject({
      expectedPods: 3,
      desiredHealthy: 2,
      currentHealthy: 2,
      disruptionsAllowed: 0,
    });
    expect(
      computeBudgetStatus(budget('p', { minAvailable: '50%' }), pods, { now, controllerScale: 3 }),
    ).toMatchObject({
      desiredHealthy: 2,
      disruptionsAllowed: 0,
    });
    expect(
      computeBudgetStatus(budget('p', { maxUnavailable: '50%' }), pods, { now, controllerScale: 4 }),
    ).toMatchObject({
      expectedPods: 4,
      desiredHealthy: 2,
      disruptionsAllowed: 0,
      conditions: [expect.objectContaining({ status: 'False', reason: 'InsufficientPods' })],
    });
  });

  it('reports SufficientPods when a disruption is allowed and keeps the transition time while unchanged', () => {
    const b = budget('p', { minAvailable: 1 });
    const first = computeBudgetStatus(b, [pod('a'), pod('b')], { now });
    expect(first.conditions?.[0]).toMatchObject({ status: 'True', reason: 'SufficientPods' });
    const later = computeBudgetStatus({ ...b, status: first }, [pod('a'), pod('b')], {
      now: new Date('2026-02-01T00:00:00Z'),
    });
    expect(later.conditions?.[0]?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
  });

  it('does not count terminating or disrupted pods as healthy, and forgets disrupted pods that are gone', () => {
    const terminating = {
      ...pod('b'),
      metadata: { ...pod('b').metadata, deletionTimestamp: '2026-01-01T00:00:00Z' },
    };
    const b = budget(
      'p',
      { minAvailable: 1 },
      { disruptedPods: { a: '2026-01-01T00:00:00Z', gone: '2026-01-01T00:00:00Z' } },
    );
    const status = computeBudgetStatus(b, [pod('a'), terminating, pod('c')], { now });
    expect(status.currentHealthy).toBe(1);
    expect(status.disruptedPods).toEqual({ a: '2026-01-01T00:00:00Z' });
  });

  it('covers only pods of its namespace matching its selector; a null selector covers none', () => {
    const other = { ...pod('x'), metadata: { ...pod('x').metadata, namespace: 'other' } };
    const pods = [pod('a'), pod('b', { labels: { app: 'api' } }), other];
    expect(podsCoveredBy(budget('p', {}), pods).map((p) => p.metadata.name)).toEqual(['a']);
    expect(podsCoveredBy(budget('p', { selector: null }), pods)).toEqual([]);
    expect(podsCoveredBy(budget('p', { selector: {} }), pods).map((p) => p.metadata.name)).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('decideEviction', () => {
  it('blocks with 429 TooManyRequests and the DisruptionBudget cause when no disruption is allowed', () => {
    const b = withStatus(budget('nginx-pdb', { minAvailable: 1 }), [pod('a')]);
    const decision = decideEviction(pod('a'), [b], { dryRun: false, now });
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.error.httpStatus).toBe(429);
    expect(decision.error.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget nginx-pdb needs 1 healthy pods and has 1 currently',
          },
        ],
      },
      code: 429,
    });
  });

  it('allows and decrements, recording the pod in disruptedPods', () => {
    const pods = [pod('a'), pod('b')];
    const b = withStatus(budget('p', { minAvailable: 1 }), pods);
    const decision = decideEviction(pod('a'), [b], { dryRun: false, now });
    expect(decision).toMatchObject({
      allowed: true,
      budgetUpdate: {
        name: 'p',
        status: {
          disruptionsAllowed: 0,
          disruptedPods: { a: '2026-01-01T00:00:00Z' },
          conditions: [expect.objectContaining({ status: 'False', reason: 'InsufficientPods' })],
        },
      },
    });
  });

  it('decides the same on a dry run but reports no budget change', () => {
    const b = withStatus(budget('p', { minAvailable: 1 }), [pod('a'), pod('b')]);
    expect(decideEviction(pod('a'), [b], { dryRun: true, now })).toEqual({ allowed: true });
  });

  it('answers 500 with the real message when two budgets cover the pod', () => {
    const b1 = withStatus(budget('one', { minAvailable: 0 }), [pod('a')]);
    const b2 = withStatus(budget('two', { minAvailable: 0 }), [pod('a')]);
    const decision = decideEviction(pod('a'), [b1, b2], { dryRun: false, now });
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.error.httpStatus).toBe(500);
    expect(decision.error.message).toContain(
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  });

  it('skips budget checks for pending, finished and terminating pods', () => {
    const b = withStatus(budget('p', { minAvailable: 5 }), [pod('a')]);
    for (const phase of ['Pending', 'Succeeded', 'Failed']) {
      expect(decideEviction(pod('a', { phase }), [b], { dryRun: false, now })).toEqual({ allowed: true });
    }
    const terminating = {
      ...pod('a'),
      metadata: { ...pod('a').metadata, deletionTimestamp: '2026-01-01T00:00:00Z' },
    };
    expect(decideEviction(terminating, [b], { dryRun: false, now })).toEqual({ allowed: true });
  });

  it('lets an unready pod go when the budget is healthy (IfHealthyBudget) or AlwaysAllow is set', () => {
    const pods = [pod('a'), pod('b', { ready: false })];
    const healthy = withStatus(budget('p', { minAvailable: 1 }), pods);
    expect(healthy.status?.disruptionsAllowed).toBe(0);
    expect(decideEviction(pod('b', { ready: false }), [healthy], { dryRun: false, now })).toEqual({
      allowed: true,
    });

    const starving = withStatus(budget('p', { minAvailable: 2 }), pods);
    expect(decideEviction(pod('b', { ready: false }), [starving], { dryRun: false, now }).allowed).toBe(
      false,
    );
    const always = withStatus(
      budget('p', { minAvailable: 2, unhealthyPodEvictionPolicy: 'AlwaysAllow' }),
      pods,
    );
    expect(decideEviction(pod('b', { ready: false }), [always], { dryRun: false, now })).toEqual({
      allowed: true,
    });
  });

  it('asks to retry after 10s while the budget is not yet observed, and forbids a negative budget', () => {
    const stale = { ...budget('p', { minAvailable: 0 }, { observedGeneration: 1, disruptionsAllowed: 1 }) };
    stale.metadata.generation = 2;
    const decision = decideEviction(pod('a'), [stale], { dryRun: false, now });
    expect(decision.allowed === false && decision.error.toStatus()).toMatchObject({
      code: 429,
      message: 'The disruption budget p is still being processed by the server.',
      details: { retryAfterSeconds: 10 },
    });
    const negative = budget('p', { minAvailable: 0 }, { observedGeneration: 1, disruptionsAllowed: -1 });
    const forbidden = decideEviction(pod('a'), [negative], { dryRun: false, now });
    expect(forbidden.allowed === false && forbidden.error.httpStatus).toBe(403);
  });

  it('allows eviction of a pod no budget covers', () => {
    expect(
      decideEviction(pod('a', { labels: { app: 'other' } }), [budget('p', { minAvailable: 1 })], {
        dryRun: false,
        now,
      }),
    ).toEqual({
      allowed: true,
    });
  });
});
