import { afterEach, describe, expect, it } from 'vitest';
import { createDisruptionController, type DisruptionController } from '../src/disruption-controller.js';
import type { BudgetStatus } from '../src/disruption-budget.js';
import { createObjectStore, type ObjectStore } from '../src/object-store.js';

let controller: DisruptionController | undefined;
afterEach(() => controller?.close());

const clock = () => new Date('2026-01-01T00:00:00Z');

function readyPod(store: ObjectStore, name: string, owner?: string): void {
  store.create(
    'pods',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'web',
        labels: { app: 'nginx' },
        ...(owner
          ? {
              ownerReferences: [
                { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: 'u', controller: true },
              ],
            }
          : {}),
      },
      spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    },
    { keepMetadata: true },
  );
}

function budget(
  store: ObjectStore,
  name: string,
  spec: Record<string, unknown>,
  status?: Record<string, unknown>,
): void {
  store.create(
    'poddisruptionbudgets.policy',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace: 'web', generation: 1 },
      spec: { selector: { matchLabels: { app: 'nginx' } }, ...spec },
      ...(status ? { status } : {}),
    },
    { keepMetadata: true },
  );
}

const statusOf = (store: ObjectStore, name: string) =>
  store.get('poddisruptionbudgets.policy', 'web', name)?.status as BudgetStatus | undefined;

async function settled(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

describe('disruption controller', () => {
  it('fills the status of budgets loaded without one and leaves recorded statuses alone', () => {
    const store = createObjectStore({ clock });
    readyPod(store, 'a');
    budget(store, 'fresh', { minAvailable: 1 });
    budget(
      store,
      'recorded',
      { minAvailable: 1 },
      { disruptionsAllowed: 7, currentHealthy: 9, desiredHealthy: 1, expectedPods: 9, observedGeneration: 1 },
    );
    controller = createDisruptionController({ store, clock });
    controller.start();
    expect(statusOf(store, 'fresh')).toMatchObject({
      expectedPods: 1,
      currentHealthy: 1,
      disruptionsAllowed: 0,
    });
    expect(statusOf(store, 'recorded')).toMatchObject({ disruptionsAllowed: 7 });
  });

  it('recomputes the budgets of a namespace when its pods change', async () => {
    const store = createObjectStore({ clock });
    readyPod(store, 'a');
    budget(store, 'pdb', { minAvailable: 1 });
    controller = createDisruptionController({ store, clock });
    controller.start();
    readyPod(store, 'b');
    await settled();
    expect(statusOf(store, 'pdb')).toMatchObject({
      expectedPods: 2,
      currentHealthy: 2,
      disruptionsAllowed: 1,
    });
    store.delete('pods', 'web', 'a');
    store.delete('pods', 'web', 'b');
    await settled();
    expect(statusOf(store, 'pdb')).toMatchObject({
      expectedPods: 0,
      currentHealthy: 0,
      disruptionsAllowed: 0,
    });
  });

  it('counts maxUnavailable against the owning Deployment scale', () => {
    const store = createObjectStore({ clock });
    store.create('deployments.apps', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx', namespace: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'nginx' } },
        template: {
          metadata: { labels: { app: 'nginx' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    });
    store.create('replicasets.apps', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'nginx-1',
        namespace: 'web',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', uid: 'd', controller: true },
        ],
      },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'nginx' } },
        template: {
          metadata: { labels: { app: 'nginx' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    });
    readyPod(store, 'a', 'nginx-1');
    readyPod(store, 'b', 'nginx-1');
    budget(store, 'pdb', { maxUnavailable: 1 });
    controller = createDisruptionController({ store, clock });
    controller.start();
    expect(statusOf(store, 'pdb')).toMatchObject({
      expectedPods: 3,
      desiredHealthy: 2,
      currentHealthy: 2,
      disruptionsAllowed: 0,
    });
  });
});
