import { readFileSync } from 'node:fs';
import type { KubeObject } from '@triage/core';
import { describe, expect, it } from 'vitest';
import {
  disruptionsAfterScale,
  explainBudget,
  requiredHealthy,
  scaledValue,
} from '../src/budget-explanation.js';
import { toBudget } from '../src/kube-views.js';
import type { Owner } from '../src/owner-chain.js';
import { budget, nginxOwner as nginx, pod } from './kube-fixtures.js';

const codes = (reasons: { code: string }[]) => reasons.map((r) => r.code);

describe('scaledValue and requiredHealthy', () => {
  it('rounds percentages up, as the disruption controller does', () => {
    expect(scaledValue('50%', 3)).toBe(2);
    expect(scaledValue('10%', 3)).toBe(1);
    expect(scaledValue('0%', 5)).toBe(0);
    expect(scaledValue(2, 5)).toBe(2);
    expect(scaledValue('half', 5)).toBeUndefined();
  });

  it('derives desiredHealthy from minAvailable or maxUnavailable', () => {
    expect(requiredHealthy(toBudget(budget('a', { minAvailable: '100%' })), 3)).toBe(3);
    expect(requiredHealthy(toBudget(budget('b', { maxUnavailable: 1 })), 3)).toBe(2);
    expect(requiredHealthy(toBudget(budget('c', { maxUnavailable: '34%' })), 3)).toBe(1);
  });

  it('tells whether one more replica would allow a disruption', () => {
    expect(disruptionsAfterScale(toBudget(budget('min1', { minAvailable: 1 })), 1)).toBe(1);
    expect(disruptionsAfterScale(toBudget(budget('max0', { maxUnavailable: 0 })), 1)).toBe(0);
    expect(disruptionsAfterScale(toBudget(budget('all', { minAvailable: '100%' })), 1)).toBe(0);
  });
});

describe('explainBudget', () => {
  const covered = [
    pod('nginx-rfsjqvntbk-8p78l', { owner: { kind: 'ReplicaSet', name: 'nginx-rfsjqvntbk' } }),
  ];

  it('explains replicas at or below minAvailable with the numbers', () => {
    const fixture = JSON.parse(
      readFileSync(new URL('./fixtures/kubectl/pdb-at-limit.json', import.meta.url), 'utf8'),
    ) as KubeObject;
    const reasons = explainBudget(toBudget(fixture), { covered, owners: [nginx], blocked: covered });
    expect(codes(reasons)).toEqual(['replicas-at-min']);
    expect(reasons[0]?.text).toBe(
      'Deployment web/nginx has 1 replica and the budget requires minAvailable 1: its only pod must stay healthy (desiredHealthy 1), so it never allows a voluntary eviction (disruptionsAllowed 0).',
    );
    expect(reasons[0]?.lasting).toBe(true);
  });

  it('explains maxUnavailable 0 (also written 0%)', () => {
    const status = { currentHealthy: 2, desiredHealthy: 2, expectedPods: 2 };
    for (const maxUnavailable of [0, '0%']) {
      const reasons = explainBudget(toBudget(budget('x', { maxUnavailable, status })), {
        covered,
        owners: [nginx],
        blocked: covered,
      });
      expect(codes(reasons)).toEqual(['max-unavailable-zero']);
      expect(reasons[0]?.text).toContain(`maxUnavailable ${maxUnavailable} allows no voluntary disruption`);
    }
  });

  it('names unhealthy pods using up the budget and says AlwaysAllow would free an unready blocked pod', () => {
    const ready = pod('api-1');
    const unready = pod('api-2', { ready: false });
    const b = toBudget(
      budget('api', { maxUnavailable: 1, status: { currentHealthy: 2, desiredHealthy: 2, expectedPods: 3 } }),
    );
    const reasons = explainBudget(b, {
      covered: [ready, unready, pod('api-3')],
      owners: [nginx],
      blocked: [unready],
    });
    expect(codes(reasons)).toEqual(['unhealthy-pods']);
    expect(reasons[0]?.text).toContain('1 pod of 3 (api-2) is not healthy');
    expect(reasons[0]?.text).toContain(
      'unhealthyPodEvictionPolicy AlwaysAllow would let the unready pod the drain needs (api-2) be evicted now',
    );
    expect(reasons[0]?.lasting).toBe(false);
  });

  it('says AlwaysAllow would not help when the blocked pods are Ready', () => {
    const b = toBudget(
      budget('api', { maxUnavailable: 1, status: { currentHealthy: 2, desiredHealthy: 2, expectedPods: 3 } }),
    );
    const healthy = pod('api-1');
    const reasons = explainBudget(b, {
      covered: [healthy, pod('api-2', { ready: false })],
      owners: [],
      blocked: [healthy],
    });
    expect(reasons[0]?.text).toContain('AlwaysAllow would not help here');
  });

  it('says so when AlwaysAllow is already set', () => {
    const b = toBudget(
      budget('api', {
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
        status: { currentHealthy: 1, desiredHealthy: 2, expectedPods: 3 },
      }),
    );
    expect(explainBudget(b, { covered, owners: [], blocked: covered })[0]?.text).toContain(
      'already AlwaysAllow',
    );
  });

  it('flags a selector that spans several controllers', () => {
    const cache: Owner = { ...nginx, kind: 'StatefulSet', name: 'cache', resource: 'statefulsets' };
    const b = toBudget(
      budget('web', { maxUnavailable: 1, status: { currentHealthy: 3, desiredHealthy: 3, expectedPods: 4 } }),
    );
    const reasons = explainBudget(b, { covered, owners: [nginx, cache], blocked: covered });
    expect(codes(reasons)).toContain('several-controllers');
    expect(reasons.find((r) => r.code === 'several-controllers')?.text).toContain(
      'pods of 2 controllers (Deployment web/nginx, StatefulSet web/cache)',
    );
  });

  it('reports a budget that matches nothing', () => {
    const b = toBudget(
      budget('typo', { minAvailable: 1, status: { currentHealthy: 0, desiredHealthy: 1, expectedPods: 0 } }),
    );
    expect(codes(explainBudget(b, { covered: [], owners: [], blocked: [] }))).toEqual(['matches-nothing']);
  });

  it('reports a spec the disruption controller has not processed yet, and a failed sync', () => {
    const b = toBudget(
      budget('new', {
        minAvailable: 1,
        generation: 2,
        status: {
          observedGeneration: 1,
          disruptionsAllowed: 1,
          currentHealthy: 2,
          desiredHealthy: 1,
          expectedPods: 2,
          conditions: [
            {
              type: 'DisruptionAllowed',
              status: 'False',
              reason: 'SyncFailed',
              message: 'found no controllers for pod "x"',
            },
          ],
        },
      }),
    );
    const reasons = explainBudget(b, { covered, owners: [nginx], blocked: covered });
    expect(codes(reasons)).toEqual(['not-observed', 'sync-failed']);
    expect(reasons[1]?.text).toContain('found no controllers for pod "x"');
  });

  it('counts evictions the controller has not confirmed yet', () => {
    const b = toBudget(
      budget('busy', {
        maxUnavailable: 1,
        status: {
          currentHealthy: 3,
          desiredHealthy: 2,
          expectedPods: 3,
          disruptionsAllowed: 0,
          disruptedPods: { 'api-1': '2025-03-04T08:05:20Z' },
        },
      }),
    );
    expect(codes(explainBudget(b, { covered, owners: [nginx], blocked: covered }))).toEqual([
      'disruptions-in-flight',
    ]);
  });

  it('reads a hostile budget (shell text in labels, unknown operator) as data', () => {
    const fixture = JSON.parse(
      readFileSync(new URL('./fixtures/kubectl/pdb-hostile.json', import.meta.url), 'utf8'),
    ) as KubeObject;
    const reasons = explainBudget(toBudget(fixture), { covered, owners: [nginx], blocked: covered });
    expect(codes(reasons)).toEqual(['max-unavailable-zero']);
  });
});
