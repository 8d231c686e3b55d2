import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../src/errors.js';
import type { KubeObject } from '../src/kube-object.js';
import { createObjectStore, type WatchEvent } from '../src/object-store.js';

const fixedClock = () => new Date('2026-01-02T03:04:05.678Z');

function pod(
  name: string,
  namespace: string,
  nodeName: string,
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { nodeName, containers: [{ name: 'app', image: 'nginx:1.27' }] },
    status: { phase: 'Running' },
  };
}

function expectApiError(fn: () => unknown, reason: string, httpStatus: number): KubeApiError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KubeApiError);
    expect((err as KubeApiError).reason).toBe(reason);
    expect((err as KubeApiError).httpStatus).toBe(httpStatus);
    return err as KubeApiError;
  }
  throw new Error('expected an error');
}

describe('createObjectStore', () => {
  it('assigns uid, creationTimestamp and increasing resourceVersions on create', () => {
    const store = createObjectStore({ clock: fixedClock });
    const a = store.create('pods', pod('a', 'shop', 'n1'));
    const b = store.create('pods', pod('b', 'shop', 'n1'));
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.metadata.creationTimestamp).toBe('2026-01-02T03:04:05Z');
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(a.status).toEqual({ phase: 'Pending' });
  });

  it('keeps given metadata and status when loading with keepMetadata', () => {
    const store = createObjectStore();
    const input = pod('a', 'shop', 'n1');
    input.metadata.uid = 'u-1';
    input.metadata.creationTimestamp = '2020-01-01T00:00:00Z';
    const created = store.create('pods', input, { keepMetadata: true });
    expect(created.metadata.uid).toBe('u-1');
    expect(created.metadata.creationTimestamp).toBe('2020-01-01T00:00:00Z');
    expect(created.status).toEqual({ phase: 'Running' });
  });

  it('rejects a duplicate name with AlreadyExists and a missing name with Invalid', () => {
    const store = createObjectStore();
    store.create('pods', pod('a', 'shop', 'n1'));
    const dup = expectApiError(() => store.create('pods', pod('a', 'shop', 'n1')), 'AlreadyExists', 409);
    expect(dup.message).toBe('pods "a" already exists');
    const noName = pod('', 'shop', 'n1');
    const invalid = expectApiError(() => store.create('pods', noName), 'Invalid', 422);
    expect(invalid.message).toContain('metadata.name: Required value');
  });

  it('generates a name from generateName', () => {
    const store = createObjectStore();
    const p = pod('', 'shop', 'n1');
    p.metadata.generateName = 'debug-';
    expect(store.create('pods', p).metadata.name).toMatch(/^debug-[a-z0-9]{5}$/);
  });

  it('answers Conflict for an update with a stale resourceVersion', () => {
    const store = createObjectStore();
    const created = store.create('configmaps', {
      metadata: { name: 'c', namespace: 'shop' },
      data: { a: '1' },
    });
    store.update('configmaps', { ...created, data: { a: '2' } });
    const err = expectApiError(
      () => store.update('configmaps', { ...created, data: { a: '3' } }),
      'Conflict',
      409,
    );
    expect(err.message).toContain('the object has been modified');
  });

  it('bumps generation only when the spec changes', () => {
    const store = createObjectStore();
    const d = store.create('deployments.apps', {
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx' }] },
        },
      },
    });
    expect(d.metadata.generation).toBe(1);
    const relabelled = store.patch('deployments.apps', 'shop', 'web', 'merge', {
      metadata: { labels: { a: 'b' } },
    });
    expect(relabelled.metadata.generation).toBe(1);
    const scaled = store.patch('deployments.apps', 'shop', 'web', 'merge', { spec: { replicas: 2 } });
    expect(scaled.metadata.generation).toBe(2);
  });

  it('keeps status on a main-resource update and changes it through setStatus', () => {
    const store = createObjectStore();
    store.create('pods', pod('a', 'shop', 'n1'), { keepMetadata: true });
    const updated = store.patch('pods', 'shop', 'a', 'merge', { status: { phase: 'Failed' } });
    expect(updated.status).toEqual({ phase: 'Running' });
    const set = store.setStatus('pods', 'shop', 'a', { phase: 'Succeeded' });
    expect(set.status).toEqual({ phase: 'Succeeded' });
    expect(store.get('pods', 'shop', 'a')?.status).toEqual({ phase: 'Succeeded' });
  });

  it('rejects invalid workload, budget and service specs from clients with Invalid causes', () => {
    const store = createObjectStore();
    const template = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    };
    const deployment = (spec: object): KubeObject => ({ metadata: { name: 'd', namespace: 'shop' }, spec });
    const causes = (fn: () => unknown) =>
      expectApiError(fn, 'Invalid', 422).details?.causes?.map((c) => c.field);
    expect(causes(() => store.create('deployments.apps', deployment({ template })))).toEqual([
      'spec.selector',
    ]);
    expect(
      causes(() =>
        store.create(
          'deployments.apps',
          deployment({ replicas: -1, selector: { matchLabels: { app: 'db' } }, template }),
        ),
      ),
    ).toEqual(['spec.replicas', 'spec.template.metadata.labels']);
    const pdb = {
      metadata: { name: 'p', namespace: 'shop' },
      spec: { minAvailable: 1, maxUnavailable: '120%' },
    };
    expect(causes(() => store.create('poddisruptionbudgets.policy', pdb))).toEqual([
      'spec',
      'spec.maxUnavailable',
    ]);
    const svc = { metadata: { name: 's', namespace: 'shop' }, spec: { ports: [{ port: 0 }] } };
    expect(causes(() => store.create('services', svc))).toEqual(['spec.ports[0].port']);
  });

  it('takes recorded objects as they are and lets them be relabelled', () => {
    const store = createObjectStore();
    store.create(
      'deployments.apps',
      { metadata: { name: 'd', namespace: 'shop' }, spec: { replicas: 1 } },
      { keepMetadata: true },
    );
    const relabelled = store.patch('deployments.apps', 'shop', 'd', 'merge', {
      metadata: { labels: { a: 'b' } },
    });
    expect(relabelled.metadata.labels).toEqual({ a: 'b' });
    expectApiError(
      () => store.patch('deployments.apps', 'shop', 'd', 'merge', { spec: { replicas: 2 } }),
      'Invalid',
      422,
    );
  });

  it('does not change anything on dryRun', () => {
    const store = createObjectStore();
    const rv = store.resourceVersion();
    store.create('pods', pod('a', 'shop', 'n1'), { dryRun: true });
    expect(store.get('pods', 'shop', 'a')).toBeUndefined();
    expect(store.resourceVersion()).toBe(rv);
    store.create('pods', pod('b', 'shop', 'n1'));
    store.delete('pods', 'shop', 'b', { dryRun: true });
    expect(store.get('pods', 'shop', 'b')).toBeDefined();
  });

  it('lists page by page with continue tokens and remainingItemCount', () => {
    const store = createObjectStore();
    for (let i = 0; i < 25; i++)
      store.create('pods', pod(`p${String(i).padStart(2, '0')}`, i % 2 ? 'a' : 'b', 'n1'));
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = store.list('pods', { limit: 10, continue: token });
      names.push(...page.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
      if (page.continue) expect(page.remainingItemCount).toBe(25 - names.length);
      token = page.continue;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(names).toHaveLength(25);
    expect(new Set(names).size).toBe(25);
    expect(names).toEqual([...names].sort());
  });

  it('lists one namespace, label and field selections, using the node index', () => {
    const store = createObjectStore();
    store.create('pods', pod('a', 'shop', 'n1', { app: 'web' }));
    store.create('pods', pod('b', 'shop', 'n2', { app: 'db' }));
    store.create('pods', pod('c', 'other', 'n1', { app: 'web' }));
    const names = (opts: Parameters<typeof store.list>[1]) =>
      store.list('pods', opts).items.map((p) => p.metadata.name);
    expect(names({ namespace: 'shop' })).toEqual(['a', 'b']);
    expect(names({ labelSelector: 'app=web' })).toEqual(['c', 'a']);
    expect(names({ fieldSelector: 'spec.nodeName=n1' })).toEqual(['c', 'a']);
    expect(names({ namespace: 'shop', fieldSelector: 'spec.nodeName=n1' })).toEqual(['a']);
    expect(names({ fieldSelector: 'spec.nodeName!=n1' })).toEqual(['b']);
    expect(names({ fieldSelector: 'metadata.name=b' })).toEqual(['b']);
    const err = expectApiError(
      () => store.list('pods', { fieldSelector: 'spec.bogus=1' }),
      'BadRequest',
      400,
    );
    expect(err.message).toBe('"spec.bogus" is not a known field selector');
  });

  it('pages through an indexed field selection', () => {
    const store = createObjectStore();
    for (let i = 0; i < 7; i++) store.create('pods', pod(`p${i}`, 'shop', i < 5 ? 'n1' : 'n2'));
    const first = store.list('pods', { fieldSelector: 'spec.nodeName=n1', limit: 3 });
    const second = store.list('pods', {
      fieldSelector: 'spec.nodeName=n1',
      limit: 3,
      continue: first.continue,
    });
    expect([...first.items, ...second.items].map((p) => p.metadata.name)).toEqual([
      'p0',
      'p1',
      'p2',
      'p3',
      'p4',
    ]);
    expect(second.continue).toBeUndefined();
  });

  it('finds events by involvedObject fields', () => {
    const store = createObjectStore();
    const event = (name: string, kind: string, target: string): KubeObject => ({
      metadata: { name, namespace: 'default' },
      involvedObject: { kind, name: target },
      reason: 'NodeNotReady',
      type: 'Warning',
    });
    store.create('events', event('e1', 'Node', 'n1'));
    store.create('events', event('e2', 'Pod', 'n1'));
    store.create('events', event('e3', 'Node', 'n2'));
    const list = store.list('events', { fieldSelector: 'involvedObject.kind=Node,involvedObject.name=n1' });
    expect(list.items.map((e) => e.metadata.name)).toEqual(['e1']);
  });

  it('notifies watchers of adds, changes and deletes, and replays from a resourceVersion', () => {
    const store = createObjectStore();
    const seen: string[] = [];
    const record = (e: WatchEvent) => seen.push(`${e.type}:${e.object.metadata.name}`);
    store.create('pods', pod('a', 'shop', 'n1', { app: 'web' }));
    const rv = store.resourceVersion();
    const stop = store.watch('pods', { namespace: 'shop', labelSelector: 'app=web' }, record);
    store.create('pods', pod('b', 'shop', 'n1', { app: 'web' }));
    store.create('pods', pod('x', 'other', 'n1', { app: 'web' }));
    store.patch('pods', 'shop', 'b', 'merge', { metadata: { labels: { app: 'db' } } });
    store.delete('pods', 'shop', 'a');
    stop();
    store.delete('pods', 'other', 'x');
    expect(seen).toEqual(['ADDED:a', 'ADDED:b', 'DELETED:b', 'DELETED:a']);
    const replay: string[] = [];
    store.watch('pods', { resourceVersion: rv }, (e) => replay.push(`${e.type}:${e.object.metadata.name}`))();
    expect(replay).toEqual(['ADDED:b', 'ADDED:x', 'MODIFIED:b', 'DELETED:a', 'DELETED:x']);
  });

  it('deletes the contents of a namespace with it', () => {
    const store = createObjectStore();
    store.create('namespaces', { metadata: { name: 'shop' } });
    store.create('pods', pod('a', 'shop', 'n1'));
    store.delete('namespaces', undefined, 'shop');
    expect(store.count('pods')).toBe(0);
  });

  it('answers NotFound for unknown objects and resources', () => {
    const store = createObjectStore();
    expect(expectApiError(() => store.delete('pods', 'shop', 'nope'), 'NotFound', 404).message).toBe(
      'pods "nope" not found',
    );
    expect(
      expectApiError(() => store.patch('deployments.apps', 'shop', 'x', 'merge', {}), 'NotFound', 404)
        .message,
    ).toBe('deployments.apps "x" not found');
    expectApiError(() => store.list('widgets'), 'NotFound', 404);
  });
});
