import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '../src/api-server.js';
import { createFaults } from '../src/faults.js';
import { createObjectStore, type ObjectStore } from '../src/object-store.js';
import { type Simulator, startSimulator } from '../src/start-simulator.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    objects: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default', generation: 1 },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
          },
        },
        status: { replicas: 2 },
      },
    ],
  });
});
afterAll(async () => {
  await sim?.close();
});

/** Runs `fn` against an API server of its own over `store` (for settings startSimulator does not expose). */
async function withServer(
  store: ObjectStore,
  options: { bookmarkIntervalMs?: number },
  fn: (port: number) => Promise<void>,
): Promise<void> {
  const server = createApiServer({
    store,
    faults: createFaults(),
    subresources: { http: {}, upgrade: {} },
    metrics: { nodeMetrics: () => [], podMetrics: () => [] },
    rules: undefined,
    clock: () => new Date(),
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${sim.url}${path}`, { headers });
const send = (method: string, path: string, body: unknown, contentType = 'application/json') =>
  fetch(`${sim.url}${path}`, {
    method,
    body: JSON.stringify(body),
    headers: { 'Content-Type': contentType },
  });

describe('API server over HTTP', () => {
  it('announces the version and API groups for discovery', async () => {
    expect(await (await get('/version')).json()).toMatchObject({ major: '1', minor: '32' });
    const groups = (await (await get('/apis')).json()) as { groups: { name: string }[] };
    expect(groups.groups.map((g) => g.name)).toEqual([
      'apps',
      'discovery.k8s.io',
      'policy',
      'events.k8s.io',
      'node.k8s.io',
      'metrics.k8s.io',
      'networking.k8s.io',
      'rbac.authorization.k8s.io',
      'keda.sh',
    ]);
    const core = (await (await get('/api/v1')).json()) as {
      resources: { name: string; shortNames?: string[] }[];
    };
    expect(core.resources.find((r) => r.name === 'pods')?.shortNames).toEqual(['po']);
    expect(core.resources.map((r) => r.name)).toContain('pods/eviction');
  });

  it('answers aggregated discovery (apidiscovery.k8s.io/v2) when asked, as kubectl 1.32 does', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const res = await get('/apis', { Accept: accept });
    expect(res.headers.get('content-type')).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const list = (await res.json()) as {
      kind: string;
      items: {
        metadata: { name: string };
        versions: {
          resources: { resource: string; shortNames?: string[]; subresources: { subresource: string }[] }[];
        }[];
      }[];
    };
    expect(list.kind).toBe('APIGroupDiscoveryList');
    expect(list.items.map((g) => g.metadata.name)).toContain('apps');
    const core = (await (await get('/api', { Accept: accept })).json()) as typeof list;
    const pods = core.items[0]?.versions[0]?.resources.find((r) => r.resource === 'pods');
    expect(pods?.shortNames).toEqual(['po']);
    expect(pods?.subresources.map((s) => s.subresource)).toEqual([
      'status',
      'log',
      'exec',
      'attach',
      'eviction',
    ]);
  });

  it('answers 404 Status for unknown paths and resources', async () => {
    for (const path of ['/api/v2', '/apis/batch/v1/jobs', '/api/v1/secrets', '/nope']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
    }
  });

  it('answers 405 for collection writes and 415 for server-side apply', async () => {
    expect((await send('DELETE', '/api/v1/namespaces', {})).status).toBe(405);
    expect((await send('POST', '/api/v1/namespaces/default/configmaps/x', {})).status).toBe(405);
    const apply = await send(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web',
      {},
      'application/apply-patch+yaml',
    );
    expect(apply.status).toBe(415);
    expect(await apply.json()).toMatchObject({ reason: 'UnsupportedMediaType' });
  });

  it('answers 400 for a body whose namespace differs from the path, and 422 for a missing name', async () => {
    const wrongNs = await send('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'x', namespace: 'other' },
    });
    expect(wrongNs.status).toBe(400);
    const noName = await send('POST', '/api/v1/namespaces/default/configmaps', { metadata: {} });
    expect(noName.status).toBe(422);
    expect(await noName.json()).toMatchObject({
      reason: 'Invalid',
      details: { kind: 'ConfigMap', causes: [{ reason: 'FieldValueRequired', field: 'metadata.name' }] },
    });
    const noNamespace = await send('POST', '/api/v1/namespaces/absent/configmaps', {
      metadata: { name: 'x' },
    });
    expect(noNamespace.status).toBe(404);
    expect(await noNamespace.json()).toMatchObject({ message: 'namespaces "absent" not found' });
  });

  it('answers 400 for malformed bodies and bad list parameters and 413 for oversized bodies', async () => {
    const badJson = await fetch(`${sim.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      body: '{"metadata": {',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    const huge = await send('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'huge' },
      data: { blob: 'x'.repeat(4 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    const chunked = await fetch(`${sim.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(1024 * 1024)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(sim.store.get('configmaps', 'default', 'huge')).toBeUndefined();
    expect((await get('/api/v1/namespaces/%E0%A4%A/pods')).status).toBe(400);
    for (const query of [
      'continue=not-a-token',
      'labelSelector=a%20b',
      'limit=-1',
      'fieldSelector=spec.x%3D1',
    ]) {
      const res = await get(`/api/v1/configmaps?${query}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ kind: 'Status', code: 400 });
    }
  });

  it('answers 409 Conflict for an update with a stale resourceVersion', async () => {
    const created = (await (
      await send('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'c' } })
    ).json()) as {
      metadata: Record<string, string>;
    };
    const path = '/api/v1/namespaces/default/configmaps/c';
    expect((await send('PUT', path, { metadata: created.metadata, data: { a: '1' } })).status).toBe(200);
    const stale = await send('PUT', path, { metadata: created.metadata, data: { a: '2' } });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ reason: 'Conflict' });
  });

  it('serves and patches the status subresource', async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments/web/status';
    const patched = await send(
      'PATCH',
      path,
      { status: { readyReplicas: 2 } },
      'application/merge-patch+json',
    );
    expect(await patched.json()).toMatchObject({ status: { replicas: 2, readyReplicas: 2 } });
    expect(await (await get(path)).json()).toMatchObject({
      kind: 'Deployment',
      status: { readyReplicas: 2 },
    });
  });

  it('serves the scale subresource that kubectl scale uses', async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments/web/scale';
    expect(await (await get(path)).json()).toMatchObject({
      kind: 'Scale',
      spec: { replicas: 2 },
      status: { selector: 'app=web' },
    });
    const scaled = await send('PATCH', path, { spec: { replicas: 4 } }, 'application/merge-patch+json');
    expect(await scaled.json()).toMatchObject({ spec: { replicas: 4 } });
    expect(sim.store.get('deployments.apps', 'default', 'web')?.spec).toMatchObject({ replicas: 4 });
  });

  it('answers a Table for kubectl (rows carrying metadata unless includeObject says otherwise) and a plain list otherwise', async () => {
    const table = (await (
      await get('/api/v1/namespaces', {
        Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      })
    ).json()) as { kind: string; columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Status', 'Age']);
    expect(table.rows[0]?.cells.slice(0, 2)).toEqual(['default', 'Active']);
    expect(await (await get('/api/v1/namespaces')).json()).toMatchObject({
      kind: 'NamespaceList',
      apiVersion: 'v1',
    });
    const tableAccept = { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
    const rowObject = async (query: string) => {
      const res = await get(`/api/v1/namespaces${query}`, tableAccept);
      return ((await res.json()) as { rows: { object?: { kind?: string } }[] }).rows[0]?.object;
    };
    expect(await rowObject('')).toMatchObject({
      kind: 'PartialObjectMetadata',
      metadata: { name: 'default' },
    });
    expect(await rowObject('?includeObject=Object')).toMatchObject({ kind: 'Namespace' });
    expect(await rowObject('?includeObject=None')).toBeUndefined();
    expect((await get('/api/v1/namespaces?includeObject=All', tableAccept)).status).toBe(400);
  });

  it('streams watch events until timeoutSeconds and replays changes after a resourceVersion', async () => {
    const rv = sim.store.resourceVersion();
    sim.store.create('configmaps', { metadata: { name: 'replayed', namespace: 'default' } });
    const res = await get(
      `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}&timeoutSeconds=1`,
    );
    expect(res.status).toBe(200);
    const events = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED replayed']);
  });

  it('answers a watch from a resourceVersion older than the kept history with a 410 Expired ERROR event', async () => {
    const store = createObjectStore({ watchHistory: 2 });
    store.create('namespaces', { metadata: { name: 'default' } });
    for (let i = 0; i < 10; i++)
      store.create('configmaps', { metadata: { name: `c${i}`, namespace: 'default' } });
    await withServer(store, {}, async (port) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/configmaps?watch=1&resourceVersion=2`);
      expect(JSON.parse(await res.text())).toMatchObject({
        type: 'ERROR',
        object: { kind: 'Status', code: 410, reason: 'Expired' },
      });
    });
  });

  it('deletes a labelled collection and answers the deleted objects', async () => {
    for (const name of ['left-1', 'left-2', 'kept']) {
      sim.store.create('configmaps', {
        metadata: { name, namespace: 'default', labels: { owner: name === 'kept' ? 'someone' : 'triage' } },
      });
    }
    const res = await send(
      'DELETE',
      '/api/v1/namespaces/default/configmaps?labelSelector=owner%3Dtriage',
      {},
    );
    const list = (await res.json()) as { kind: string; items: { metadata: { name: string } }[] };
    expect(list.kind).toBe('ConfigMapList');
    expect(list.items.map((i) => i.metadata.name)).toEqual(['left-1', 'left-2']);
    expect(
      sim.store.list('configmaps', { labelSelector: 'owner' }).items.map((i) => i.metadata.name),
    ).toEqual(['kept']);
  });

  it('sends initial events then a marked bookmark for streaming lists, and periodic bookmarks', async () => {
    const store = createObjectStore();
    store.create('namespaces', { metadata: { name: 'default' } });
    await withServer(store, { bookmarkIntervalMs: 100 }, async (port) => {
      const query =
        'watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1';
      const text = await (await fetch(`http://127.0.0.1:${port}/api/v1/namespaces?${query}`)).text();
      const events = text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; object: { metadata: Record<string, unknown> } });
      expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'default' } } });
      expect(events[1]).toMatchObject({
        type: 'BOOKMARK',
        object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } },
      });
      expect(events.slice(2).some((e) => e.type === 'BOOKMARK')).toBe(true);
    });
  });

  it('serves metrics.k8s.io lists read-only', async () => {
    const res = await get('/apis/metrics.k8s.io/v1beta1/nodes');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1' });
    expect((await send('POST', '/apis/metrics.k8s.io/v1beta1/nodes', {})).status).toBe(405);
  });
});
