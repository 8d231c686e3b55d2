import { type Simulator, startSimulator } from '@triage/cluster-sim';
import type { KubeObject } from '@triage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiagnosticPods } from '../src/create-diagnostic-pods.js';
import { createKubeReader } from '../src/create-kube-reader.js';
import { KubeError, kubeErrorCodes } from '../src/errors.js';
import { loadKubeConfig } from '../src/load-kube-config.js';

const NODE = 'aks-nodepool1-31415926-vmss000000';
const NAMESPACE = 'triage-system';
const TRACE_LINE = '{"type":"connect","error":"ECONNREFUSED"}';

const rules = {
  run: [
    {
      match: { image: '*inspektor-gadget*', command: '*trace_tcp*' },
      logs: `${TRACE_LINE}\n`,
      finishAfterSeconds: 1,
    },
    {
      match: { image: '*inspektor-gadget*', command: '*stream*' },
      logs: `${Array.from({ length: 2000 }, (_, i) => `{"n":${i},"latency_ns":"12.34µs"}`).join('\n')}\nlast line without newline`,
      finishAfterSeconds: 1,
    },
    {
      match: { image: '*inspektor-gadget*', command: '*fail*' },
      phase: 'Failed',
      exitCode: 3,
      finishAfterSeconds: 1,
    },
    {
      match: { image: '*inspektor-gadget*', command: '*forever*' },
      phase: 'Running',
      runningAfterSeconds: 0,
    },
    { match: { image: '*inspektor-gadget*', command: '*never-starts*' }, runningAfterSeconds: 600 },
  ],
};

// The rules above replace a scenario's, so the cluster is built here: one Linux node and Triage's namespace.
const objects: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
  {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: NODE, labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': NODE } },
    spec: { taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' }] },
    status: {
      allocatable: { cpu: '1900m', memory: '5Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      addresses: [{ type: 'InternalIP', address: '10.224.0.4' }],
    },
  },
];

describe('createDiagnosticPods against the cluster simulator', () => {
  let sim: Simulator;
  const kubeconfig = () => loadKubeConfig({ kubeconfig: sim.kubeconfigPath });
  const pods = (extra: { graceSeconds?: number; namespace?: string } = {}) =>
    createDiagnosticPods(kubeconfig(), { namespace: NAMESPACE, pollIntervalMs: 200, ...extra });
  const podsLeft = () => createKubeReader(kubeconfig()).list('pods', { namespace: NAMESPACE });
  const spec = (command: string[], deadlineSeconds = 30) => ({
    node: NODE,
    os: 'linux' as const,
    image: 'ghcr.io/inspektor-gadget/ig:v0.55.0',
    command,
    deadlineSeconds,
    purpose: 'trace-tcp',
  });

  beforeAll(async () => {
    sim = await startSimulator({ rules, objects });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('runs the pod to completion, returns its log and exit code, and deletes it', async () => {
    const seen: KubeObject[] = [];
    const stop = sim.store.watch('pods', { namespace: NAMESPACE }, (event) => {
      seen.push(event.object as KubeObject);
    });
    try {
      const result = await pods().run(spec(['ig', 'run', 'trace_tcp', '-o', 'json']));
      expect(result).toMatchObject({
        phase: 'Succeeded',
        exitCode: 0,
        logs: `${TRACE_LINE}\n`,
        truncated: false,
      });
      expect(result.podName).toMatch(/^triage-trace-tcp-[0-9a-f]{8}$/);
    } finally {
      stop();
    }
    expect(await podsLeft()).toHaveLength(0);
    const created = seen[0];
    expect(created?.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'triage',
      'triage.dev/purpose': 'trace-tcp',
      'triage.dev/created-at': expect.stringMatching(/^\d{10}$/),
    });
    expect(created?.spec).toMatchObject({
      nodeName: NODE,
      restartPolicy: 'Never',
      activeDeadlineSeconds: 30,
      hostPID: true,
      hostNetwork: true,
      tolerations: [{ operator: 'Exists' }],
      containers: [
        { securityContext: { privileged: true }, command: ['ig', 'run', 'trace_tcp', '-o', 'json'] },
      ],
    });
  }, 60_000);

  it('streams the log line by line to onLogLine and keeps only the last lines', async () => {
    const lines: string[] = [];
    const result = await pods().run({ ...spec(['ig', 'stream']), onLogLine: (line) => lines.push(line) });
    expect(lines).toHaveLength(2001);
    expect(lines[0]).toBe('{"n":0,"latency_ns":"12.34µs"}');
    expect(lines[1999]).toBe('{"n":1999,"latency_ns":"12.34µs"}');
    expect(lines[2000]).toBe('last line without newline');
    expect(result.logs.split('\n')).toEqual(lines.slice(-5));
    expect(result.truncated).toBe(false);
    expect(await podsLeft()).toHaveLength(0);
  }, 60_000);

  it('reports a failed pod with its exit code and still deletes it', async () => {
    const result = await pods().run(spec(['ig', 'fail']));
    expect(result).toMatchObject({ phase: 'Failed', exitCode: 3 });
    expect(await podsLeft()).toHaveLength(0);
  }, 60_000);

  it('deletes the pod when the signal aborts the wait, and says it was aborted', async () => {
    const controller = new AbortController();
    const running = pods().run({ ...spec(['ig', 'forever']), signal: controller.signal });
    // Abort once the pod exists, so the deletion has something to delete.
    while ((await podsLeft()).length === 0) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const err = await running.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).code).toBe(kubeErrorCodes.aborted);
    expect(await podsLeft()).toHaveLength(0);
  }, 60_000);

  it('stops waiting for a pod that never starts and deletes it', async () => {
    const result = await pods({ graceSeconds: 0 }).run(spec(['ig', 'never-starts'], 1));
    expect(['Pending', 'Failed']).toContain(result.phase);
    expect(result.logs).toBe('');
    expect(await podsLeft()).toHaveLength(0);
  }, 60_000);

  it('names the namespace to create when Triage’s namespace is missing', async () => {
    const err = await pods({ namespace: 'triage-missing' })
      .run(spec(['ig', 'run', 'trace_tcp']))
      .catch((e: unknown) => e);
    expect((err as KubeError).code).toBe(kubeErrorCodes.notFound);
    expect((err as KubeError).message).toContain('kubectl create namespace triage-missing');
  }, 60_000);

  it('janitor deletes pods a killed worker left behind once their deadline has passed, and keeps young ones', async () => {
    const leftover = (name: string, createdAt: number): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: NAMESPACE,
        labels: {
          'app.kubernetes.io/managed-by': 'triage',
          'triage.dev/purpose': 'trace-tcp',
          'triage.dev/created-at': String(createdAt),
        },
      },
      spec: {
        nodeName: NODE,
        activeDeadlineSeconds: 30,
        containers: [
          { name: 'diag', image: 'ghcr.io/inspektor-gadget/ig:v0.55.0', command: ['ig', 'forever'] },
        ],
      },
    });
    const now = Math.floor(Date.now() / 1000);
    sim.store.create('pods', leftover('triage-trace-tcp-old00001', now - 3600));
    sim.store.create('pods', leftover('triage-trace-tcp-new00001', now));
    const unrelated = leftover('someone-elses-pod', now - 3600);
    unrelated.metadata.labels = { app: 'other' };
    sim.store.create('pods', unrelated);

    expect(await pods().cleanup()).toBe(1);
    const names = (await podsLeft()).map((p) => p.metadata.name).sort();
    expect(names).toEqual(['someone-elses-pod', 'triage-trace-tcp-new00001']);
  }, 60_000);
});
