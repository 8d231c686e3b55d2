import { readFileSync } from 'node:fs';
import type { KubeObject } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { toBudget } from '../src/kube-views.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/kubectl/${name}.json`, import.meta.url), 'utf8')) as KubeObject;

describe('toBudget', () => {
  it('reads spec and status of a budget at its limit', () => {
    expect(toBudget(fixture('pdb-at-limit'))).toEqual({
      namespace: 'web',
      name: 'nginx-pdb',
      generation: 1,
      minAvailable: 1,
      selector: { matchLabels: { app: 'nginx' } },
      unhealthyPodEvictionPolicy: 'IfHealthyBudget',
      status: {
        observedGeneration: 1,
        disruptionsAllowed: 0,
        currentHealthy: 1,
        desiredHealthy: 1,
        expectedPods: 1,
        disruptedPods: {},
        conditions: [
          expect.objectContaining({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' }),
        ],
      },
    });
  });

  it('reads malformed fields as absent or zero instead of failing', () => {
    const b = toBudget(fixture('pdb-malformed'));
    expect(b).toMatchObject({ generation: 0, selector: null, unhealthyPodEvictionPolicy: 'IfHealthyBudget' });
    expect(b.minAvailable).toBeUndefined();
    expect(b.status).toEqual({
      observedGeneration: 0,
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
      disruptedPods: {},
      conditions: [],
    });
  });
});
