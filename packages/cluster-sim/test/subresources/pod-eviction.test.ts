import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetStatus } from '../../src/disruption-budget.js';
import type { Simulator } from '../../src/start-simulator.js';
import { eventually, kubectl, startFixtureSimulator } from './kubectl-harness.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startFixtureSimulator();
});
afterAll(async () => sim?.close());

const budgetStatus = (ns: string, name: string) =>
  sim.store.get('poddisruptionbudgets.policy', ns, name)?.status as BudgetStatus | undefined;

describe('PodDisruptionBudget status', () => {
  it('is computed for budgets loaded without one', () => {
    expect(budgetStatus('web', 'nginx-pdb')).toMatchObject({
      expectedPods: 1,
      currentHealthy: 1,
      desiredHealthy: 1,
      disruptionsAllowed: 0,
      conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' }],
    });
    expect(budgetStatus('shop', 'api-pdb')).toMatchObject({ expectedPods: 2, disruptionsAllowed: 1 });
  });
});

function postOnFreshConnection(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('pods/eviction', () => {
  const evict = (ns: string, pod: string, body: unknown, query = '') =>
    fetch(`${sim.url}/api/v1/namespaces/${ns}/pods/${pod}/eviction${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers 429 with the DisruptionBudget cause when the budget allows no disruption', async () => {
    const response = await evict('web', 'nginx-7c5ddbdf54-8xkzp', {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'nginx-7c5ddbdf54-8xkzp', namespace: 'web' },
    });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({
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

  it('rejects a body that is not an Eviction with 400 naming the field', async () => {
    const response = await evict('web', 'nginx-7c5ddbdf54-8xkzp', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {},
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/invalid Eviction: .*kind/);
  });

  it('refuses malformed JSON with 400 and oversized bodies with 413', async () => {
    const url = `${sim.url}/api/v1/namespaces/web/pods/nginx-7c5ddbdf54-8xkzp/eviction`;
    const headers = { 'Content-Type': 'application/json' };
    const malformed = await fetch(url, { method: 'POST', headers, body: '{"kind": "Eviction",' });
    expect(malformed.status).toBe(400);
    // on its own connection: the server stops reading an oversized body, so that socket is not reused
    const huge = await postOnFreshConnection(url, JSON.stringify({ pad: 'x'.repeat(4 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.body).toContain('Request entity too large: limit is 3145728');
    expect(sim.store.get('pods', 'web', 'nginx-7c5ddbdf54-8xkzp')).toBeDefined();
  });

  it('refuses an Eviction naming another pod', async () => {
    const response = await evict('web', 'nginx-7c5ddbdf54-8xkzp', {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'someone-else' },
    });
    expect(response.status).toBe(400);
  });

  it('accepts a policy/v1beta1 dry run without deleting anything', async () => {
    const response = await evict(
      'shop',
      'api-5f6d7c8b9-m4n5p',
      { apiVersion: 'policy/v1beta1', kind: 'Eviction', metadata: { name: 'api-5f6d7c8b9-m4n5p' } },
      '?dryRun=All',
    );
    expect(response.status).toBe(201);
    expect(sim.store.get('pods', 'shop', 'api-5f6d7c8b9-m4n5p')).toBeDefined();
    expect(budgetStatus('shop', 'api-pdb')?.disruptionsAllowed).toBe(1);
  });
});

describe('kubectl drain', () => {
  it('works with --dry-run=server and changes nothing', async () => {
    const result = await kubectl(sim, [
      'drain',
      'aks-np1-31415926-vmss000002',
      '--dry-run=server',
      '--ignore-daemonsets',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('node/aks-np1-31415926-vmss000002 cordoned (server dry run)');
    expect(result.stdout).toContain('drained (server dry run)');
    expect(sim.store.get('pods', 'shop', 'api-5f6d7c8b9-m4n5p')).toBeDefined();
    const node = sim.store.get('nodes', undefined, 'aks-np1-31415926-vmss000002');
    expect((node?.spec as { unschedulable?: boolean } | undefined)?.unschedulable).toBeFalsy();
  });

  it('is blocked by a PodDisruptionBudget with the usual retry message, and the pod stays', async () => {
    const result = await kubectl(
      sim,
      ['drain', 'aks-np1-31415926-vmss000001', '--ignore-daemonsets', '--timeout=15s'],
      {
        timeoutMs: 60_000,
      },
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `error when evicting pods/"nginx-7c5ddbdf54-8xkzp" -n "web" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
    );
    expect(sim.store.get('pods', 'web', 'nginx-7c5ddbdf54-8xkzp')).toBeDefined();
  });

  it('evicts when the budget allows it and updates the budget status', async () => {
    const result = await kubectl(
      sim,
      ['drain', 'aks-np1-31415926-vmss000002', '--ignore-daemonsets', '--timeout=30s'],
      {
        timeoutMs: 60_000,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('pod/api-5f6d7c8b9-m4n5p evicted');
    expect(result.stdout).toContain('node/aks-np1-31415926-vmss000002 drained');
    expect(sim.store.get('pods', 'shop', 'api-5f6d7c8b9-m4n5p')).toBeUndefined();
    await eventually(
      () => (budgetStatus('shop', 'api-pdb')?.expectedPods === 1 ? true : undefined),
      'the budget to see one pod left',
    );
    expect(budgetStatus('shop', 'api-pdb')).toMatchObject({ currentHealthy: 1, disruptionsAllowed: 0 });
  });
});
