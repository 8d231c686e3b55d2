import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../src/start-simulator.js';
import { eventually } from './kubectl.js';

const fixtures = fileURLToPath(new URL('./fixtures/cluster/', import.meta.url));
let sim: Simulator;
let kc: KubeConfig;
let core: CoreV1Api;

beforeAll(async () => {
  sim = await startSimulator({ scenario: fixtures });
  kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
});
afterAll(async () => {
  await sim?.close();
});

async function apiError(promise: Promise<unknown>): Promise<ApiException<unknown>> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiException);
    return err as ApiException<unknown>;
  }
  throw new Error('expected an ApiException');
}

describe('@kubernetes/client-node against the simulator', () => {
  it('lists pods page by page with limit and continue', async () => {
    for (let i = 0; i < 5; i++) {
      sim.store.create('pods', {
        metadata: { name: `extra-${i}`, namespace: 'shop', labels: { app: 'extra' } },
        spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] },
      });
    }
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await core.listNamespacedPod({ namespace: 'shop', limit: 2, _continue: token });
      names.push(...page.items.map((p) => p.metadata?.name ?? ''));
      token = page.metadata?._continue;
      pages++;
    } while (token);
    expect(names).toHaveLength(7);
    expect(new Set(names).size).toBe(7);
    expect(pages).toBe(4);
  });

  it('selects pods by node through a field selector and parses typed fields', async () => {
    const pods = await core.listPodForAllNamespaces({
      fieldSelector: 'spec.nodeName=aks-np1-12345678-vmss000001',
    });
    expect(pods.items.map((p) => p.metadata?.name)).toEqual(['web-5d8f7c9b4d-fghij']);
    const [pod] = pods.items;
    expect(pod?.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(pod?.status?.containerStatuses?.[0]?.lastState?.terminated?.reason).toBe('OOMKilled');
  });

  it('reports a missing object as an ApiException with code 404', async () => {
    const err = await apiError(core.readNamespacedPod({ name: 'nope', namespace: 'shop' }));
    expect(err.code).toBe(404);
    expect(JSON.parse(String(err.body))).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'pods "nope" not found',
    });
  });

  it('reports a duplicate and a stale update as ApiExceptions with code 409', async () => {
    const dup = await apiError(core.createNamespace({ body: { metadata: { name: 'shop' } } }));
    expect(dup.code).toBe(409);
    expect(JSON.parse(String(dup.body)).reason).toBe('AlreadyExists');
    const cm = await core.readNamespacedConfigMap({ name: 'web-config', namespace: 'shop' });
    await core.replaceNamespacedConfigMap({
      name: 'web-config',
      namespace: 'shop',
      body: { ...cm, data: { a: '1' } },
    });
    const stale = await apiError(
      core.replaceNamespacedConfigMap({
        name: 'web-config',
        namespace: 'shop',
        body: { ...cm, data: { a: '2' } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(JSON.parse(String(stale.body)).reason).toBe('Conflict');
  });

  it('patches with merge and JSON patches', async () => {
    const node = 'aks-np1-12345678-vmss000000';
    const merged = await core.patchNode(
      { name: node, body: { spec: { unschedulable: true } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.spec?.unschedulable).toBe(true);
    const reverted = await core.patchNode({
      name: node,
      body: [{ op: 'remove', path: '/spec/unschedulable' }],
    });
    expect(reverted.spec?.unschedulable).toBeUndefined();
  });

  it('answers a server-side dry-run create without storing it', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const web = await apps.readNamespacedDeployment({ name: 'web', namespace: 'shop' });
    const result = await apps.patchNamespacedDeployment(
      { name: 'web', namespace: 'shop', body: { spec: { replicas: 5 } }, dryRun: 'All' },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(result.spec?.replicas).toBe(5);
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: 'shop' })).spec?.replicas).toBe(
      web.spec?.replicas,
    );
  });

  it('watches a collection from a list resourceVersion and sees later changes', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'shop' });
    const seen: string[] = [];
    const watch = new Watch(kc);
    const request = await watch.watch(
      '/api/v1/namespaces/shop/configmaps',
      { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
      (type, obj: { metadata: { name: string } }) => seen.push(`${type} ${obj.metadata.name}`),
      () => {},
    );
    try {
      await core.createNamespacedConfigMap({ namespace: 'shop', body: { metadata: { name: 'watched' } } });
      await core.deleteNamespacedConfigMap({ namespace: 'shop', name: 'watched' });
      await eventually(() => seen.length >= 2);
      expect(seen).toEqual(['ADDED watched', 'DELETED watched']);
    } finally {
      request.abort();
    }
  });
});
