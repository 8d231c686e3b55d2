import { type Simulator, startSimulator } from '@triage/cluster-sim';
import type { KubeObject } from '@triage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeDryRun } from '../src/create-kube-dry-run.js';
import { createKubeReader } from '../src/create-kube-reader.js';
import { KubeError, kubeErrorCodes } from '../src/errors.js';
import { loadKubeConfig } from '../src/load-kube-config.js';

const blockedPod = 'nginx-rfsjqvntbk-8p78l';
const evictablePod = 'storefront-tzgssnhqj2-8k8c4';

/** A pod in namespace `batch` that two budgets cover (the eviction API refuses such pods outright). */
function doublyBudgetedPod(): KubeObject[] {
  const budget = (name: string): KubeObject => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'batch', generation: 1 },
    spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'worker' } } },
  });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'batch' } },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'worker-0', namespace: 'batch', labels: { app: 'worker' } },
      spec: { nodeName: 'aks-userpool-31415926-vmss000001', containers: [{ name: 'w', image: 'worker:1' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    },
    budget('worker-pdb-a'),
    budget('worker-pdb-b'),
  ];
}

// Server-side dry-runs against the real wire: the simulator decides evictions with PDB semantics.
describe('createKubeDryRun against the cluster simulator (pdb-drain-blocked)', () => {
  let sim: Simulator;
  let before: string;
  const snapshot = async () => {
    const kube = createKubeReader(loadKubeConfig({ kubeconfig: sim.kubeconfigPath }));
    const [pods, budgets, deployments] = await Promise.all([
      kube.list('pods', { namespace: 'web' }),
      kube.list('poddisruptionbudgets'),
      kube.list('deployments'),
    ]);
    return JSON.stringify([pods, budgets, deployments]);
  };
  const dryRun = () => createKubeDryRun(loadKubeConfig({ kubeconfig: sim.kubeconfigPath }));

  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'pdb-drain-blocked', objects: doublyBudgetedPod() });
    before = await snapshot();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('reports an eviction the budget allows as allowed', async () => {
    const result = await dryRun().evict('shop', evictablePod);
    expect(result).toMatchObject({ allowed: true });
    expect(result.status).toBeGreaterThanOrEqual(200);
    expect(result.status).toBeLessThan(300);
  });

  it('reports an eviction the budget blocks with the API message and the DisruptionBudget cause', async () => {
    const result = await dryRun().evict('web', blockedPod);
    expect(result).toEqual({
      allowed: false,
      status: 429,
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      causes: ['The disruption budget nginx-pdb needs 1 healthy pods and has 1 currently'],
    });
  });

  it('reports a pod covered by two budgets as refused outright (500 from the eviction API)', async () => {
    const result = await dryRun().evict('batch', 'worker-0');
    expect(result.allowed).toBe(false);
    expect(result.status).toBe(500);
    expect(result.message).toContain('more than one PodDisruptionBudget');
  });

  it('throws NOT_FOUND for a pod that does not exist', async () => {
    await expect(dryRun().evict('web', 'nginx-gone')).rejects.toMatchObject({
      code: kubeErrorCodes.notFound,
    });
  });

  it('refuses invalid names before any request', async () => {
    await expect(dryRun().evict('Web', blockedPod)).rejects.toMatchObject({
      code: kubeErrorCodes.badRequest,
    });
    await expect(dryRun().patch('deployments', 'a/b', 'web', {}, 'merge')).rejects.toBeInstanceOf(KubeError);
  });

  it('accepts a merge patch and answers the object as it would be', async () => {
    const result = await dryRun().patch('deployments', 'nginx', 'web', { spec: { replicas: 2 } }, 'merge');
    expect(result).toMatchObject({ allowed: true, status: 200 });
    expect(result.object?.spec).toMatchObject({ replicas: 2 });
  });

  it('accepts a strategic merge patch', async () => {
    const result = await dryRun().patch(
      'poddisruptionbudgets',
      'nginx-pdb',
      'web',
      { spec: { minAvailable: null, maxUnavailable: 1 } },
      'strategic',
    );
    expect(result.allowed).toBe(true);
    expect(result.object?.spec).toMatchObject({ maxUnavailable: 1 });
    expect(result.object?.spec).not.toHaveProperty('minAvailable');
  });

  it('accepts a JSON patch', async () => {
    const result = await dryRun().patch(
      'poddisruptionbudgets',
      'nginx-pdb',
      'web',
      [{ op: 'add', path: '/spec/unhealthyPodEvictionPolicy', value: 'AlwaysAllow' }],
      'json',
    );
    expect(result.allowed).toBe(true);
    expect(result.object?.spec).toMatchObject({ unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  it('reports a patch the API rejects as not allowed, with its message', async () => {
    const result = await dryRun().patch(
      'deployments',
      'nginx',
      'web',
      [{ op: 'test', path: '/spec/replicas', value: 7 }],
      'json',
    );
    expect(result.allowed).toBe(false);
    expect(result.status).toBe(422);
    expect(result.message).toMatch(/replicas/);
  });

  it('throws NOT_FOUND when the object to patch does not exist', async () => {
    await expect(
      dryRun().patch('deployments', 'nope', 'web', { spec: { replicas: 2 } }, 'merge'),
    ).rejects.toMatchObject({ code: kubeErrorCodes.notFound });
  });

  it('changes nothing in the cluster', async () => {
    expect(await snapshot()).toBe(before);
  });
});
