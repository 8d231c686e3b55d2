import { afterEach, describe, expect, it } from 'vitest';
import { createObjectStore, type ObjectStore } from '../src/object-store.js';
import { createPodLifecycle, type PodLifecycle } from '../src/pod-lifecycle.js';
import type { PodObject } from '../src/pod-types.js';
import { parseScenarioRules } from '../src/scenario-rules.js';

const rules = parseScenarioRules(`
run:
  - match: { image: "*inspektor-gadget*", command: "*trace_dns*" }
    logs: "{}\\n"
    phase: Succeeded
    runningAfterSeconds: 0.05
    finishAfterSeconds: 0.05
  - match: { image: "busybox*" }
    phase: Failed
    exitCode: 3
    runningAfterSeconds: 0.05
    finishAfterSeconds: 0.05
  - match: { image: "sleeper" }
    phase: Running
    runningAfterSeconds: 0.05
`);

let lifecycle: PodLifecycle | undefined;
afterEach(() => lifecycle?.close());

function setup(): ObjectStore {
  const store = createObjectStore();
  store.create(
    'nodes',
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'aks-np1-0', labels: { 'kubernetes.io/os': 'linux' } },
      spec: {},
      status: { addresses: [{ type: 'InternalIP', address: '10.224.0.5' }] },
    },
    { keepMetadata: true },
  );
  store.create(
    'nodes',
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'akswin0', labels: { 'kubernetes.io/os': 'windows' } },
      spec: { taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }] },
    },
    { keepMetadata: true },
  );
  lifecycle = createPodLifecycle({ store, rules });
  lifecycle.start();
  return store;
}

function createPod(store: ObjectStore, name: string, spec: Record<string, unknown>): void {
  store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec });
}

async function until(
  store: ObjectStore,
  name: string,
  check: (pod: PodObject) => boolean,
): Promise<PodObject> {
  for (let i = 0; i < 400; i++) {
    const pod = store.get('pods', 'default', name) as PodObject | undefined;
    if (pod && check(pod)) return pod;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`pod ${name} never reached the expected state`);
}

function reasons(store: ObjectStore, name: string): string[] {
  return store
    .list('events', { namespace: 'default' })
    .items.filter((e) => (e.involvedObject as { name: string }).name === name)
    .map((e) => e.reason as string);
}

describe('pod lifecycle', () => {
  it('binds by nodeSelector, runs, then succeeds as the run rule says, with kubelet events', async () => {
    const store = setup();
    createPod(store, 'trace', {
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      containers: [
        { name: 'gadget', image: 'ghcr.io/inspektor-gadget/inspektor-gadget:v0.55.0', args: ['trace_dns'] },
      ],
    });
    const done = await until(store, 'trace', (p) => p.status?.phase === 'Succeeded');
    expect(done.spec?.nodeName).toBe('aks-np1-0');
    expect(done.status).toMatchObject({
      hostIP: '10.224.0.5',
      containerStatuses: [{ name: 'gadget', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    });
    expect(done.status?.podIP).toMatch(/^10\.244\./);
    expect(reasons(store, 'trace').sort()).toEqual(['Created', 'Pulled', 'Scheduled', 'Started']);
  });

  it('fails with the rule exit code', async () => {
    const store = setup();
    createPod(store, 'bb', { containers: [{ name: 'c', image: 'busybox:1.36' }] });
    const done = await until(store, 'bb', (p) => p.status?.phase === 'Failed');
    expect(done.status?.containerStatuses?.[0]).toMatchObject({
      state: { terminated: { exitCode: 3, reason: 'Error' } },
    });
  });

  it('keeps a pod without a finishing rule running, until activeDeadlineSeconds fails it', async () => {
    const store = setup();
    createPod(store, 'sleep', { containers: [{ name: 'c', image: 'sleeper' }] });
    await until(store, 'sleep', (p) => p.status?.phase === 'Running');
    createPod(store, 'deadline', {
      activeDeadlineSeconds: 0.2,
      containers: [{ name: 'c', image: 'sleeper' }],
    });
    const failed = await until(store, 'deadline', (p) => p.status?.phase === 'Failed');
    expect(failed.status).toMatchObject({ reason: 'DeadlineExceeded' });
    expect((store.get('pods', 'default', 'sleep') as PodObject).status?.phase).toBe('Running');
  });

  it('leaves an unschedulable pod Pending with PodScheduled=False and a FailedScheduling event', async () => {
    const store = setup();
    createPod(store, 'win', {
      nodeSelector: { 'kubernetes.io/os': 'windows' },
      containers: [{ name: 'c', image: 'x' }],
    });
    const pending = await until(store, 'win', (p) => (p.status?.conditions ?? []).length > 0);
    expect(pending.status).toMatchObject({
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
    });
    expect(pending.status?.conditions?.[0]?.message).toContain(
      '1 node(s) had untolerated taint {os: windows}',
    );
    expect(reasons(store, 'win')).toEqual(['FailedScheduling']);
  });

  it('binds an unschedulable pod once a node change lets it fit', async () => {
    const store = setup();
    createPod(store, 'waits', {
      nodeSelector: { 'kubernetes.io/os': 'windows' },
      containers: [{ name: 'c', image: 'sleeper' }],
    });
    await until(store, 'waits', (p) => (p.status?.conditions ?? []).length > 0);
    store.patch('nodes', undefined, 'akswin0', 'merge', { spec: { taints: null } });
    const running = await until(store, 'waits', (p) => p.status?.phase === 'Running');
    expect(running.spec?.nodeName).toBe('akswin0');
    expect(reasons(store, 'waits').sort()).toEqual([
      'Created',
      'FailedScheduling',
      'Pulled',
      'Scheduled',
      'Started',
    ]);
  });

  it('gives host-network pods the node address', async () => {
    const store = setup();
    createPod(store, 'hostproc', {
      nodeName: 'aks-np1-0',
      hostNetwork: true,
      containers: [{ name: 'c', image: 'sleeper' }],
    });
    const running = await until(store, 'hostproc', (p) => p.status?.phase === 'Running');
    expect(running.status?.podIP).toBe('10.224.0.5');
    expect(reasons(store, 'hostproc')).not.toContain('Scheduled');
  });

  it('leaves pods loaded from the scenario alone', async () => {
    const store = setup();
    store.create(
      'pods',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'old', namespace: 'default' },
        spec: { containers: [{ name: 'c', image: 'x' }] },
        status: { phase: 'Running' },
      },
      { keepMetadata: true },
    );
    createPod(store, 'marker', { containers: [{ name: 'c', image: 'sleeper' }] });
    await until(store, 'marker', (p) => p.status?.phase === 'Running');
    expect(store.get('pods', 'default', 'old')?.status).toEqual({ phase: 'Running' });
  });
});
