import { type Simulator, startSimulator } from '@triage/cluster-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKubeReader } from '../src/create-kube-reader.js';
import { isRetryable, KubeError, kubeErrorCodes } from '../src/errors.js';
import { loadKubeConfig } from '../src/load-kube-config.js';
import { NODE_METRICS } from '../src/resource-paths.js';

const podCount = 130;

function node(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    status: {
      allocatable: { cpu: '4', memory: '16Gi', pods: '250' },
      capacity: { cpu: '4', memory: '16Gi', pods: '250' },
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
    },
  };
}

function pod(index: number) {
  const name = `web-${String(index).padStart(3, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', labels: { app: index % 2 === 0 ? 'web' : 'api' } },
    spec: { nodeName: index < 100 ? 'node-a' : 'node-b', containers: [{ name: 'app', image: 'shop/web:1' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

// The regular paths of the reader against the real wire: the cluster simulator's REST API.
describe('createKubeReader against the cluster simulator', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' }, status: { phase: 'Active' } },
        node('node-a'),
        node('node-b'),
        ...Array.from({ length: podCount }, (_, i) => pod(i)),
      ],
      rules: {
        metrics: {
          nodes: { 'node-a': { cpu: '250m', memory: '2Gi' }, 'node-b': { cpu: '1', memory: '3Gi' } },
        },
      },
    });
  });
  afterAll(async () => {
    await sim?.close();
  });
  afterEach(() => sim.setFaults({ rate429: 0, rate500: 0 }));

  const reader = (pageSize = 50) =>
    createKubeReader(loadKubeConfig({ kubeconfig: sim.kubeconfigPath }), { pageSize });

  it('walks every page of a list larger than the page size, with apiVersion and kind on each item', async () => {
    const pods = await reader(50).list('pods', { namespace: 'shop' });
    expect(pods).toHaveLength(podCount);
    expect(new Set(pods.map((p) => p.metadata.name)).size).toBe(podCount);
    expect(pods[0]).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
  });

  it('stops at max, across pages', async () => {
    const pods = await reader(50).list('pods', { max: 75 });
    expect(pods).toHaveLength(75);
  });

  it('passes field and label selectors to the server', async () => {
    const onB = await reader(7).list('pods', { fieldSelector: 'spec.nodeName=node-b' });
    expect(onB.map((p) => p.metadata.name)).toEqual(
      Array.from({ length: podCount - 100 }, (_, i) => `web-${String(100 + i).padStart(3, '0')}`),
    );
    const web = await reader().list('pods', { namespace: 'shop', labelSelector: 'app=web' });
    expect(web).toHaveLength(podCount / 2);
    expect(web.every((p) => p.metadata.labels?.app === 'web')).toBe(true);
  });

  it('gets one object, and undefined for one that does not exist', async () => {
    const found = await reader().get('pods', 'web-007', 'shop');
    expect(found?.metadata).toMatchObject({ name: 'web-007', namespace: 'shop' });
    expect(await reader().get('pods', 'web-999', 'shop')).toBeUndefined();
    expect(await reader().get('nodes', 'node-z')).toBeUndefined();
  });

  it('reads node metrics from metrics.k8s.io', async () => {
    const metrics = await reader().list(NODE_METRICS);
    expect(metrics.map((m) => m.metadata.name).sort()).toEqual(['node-a', 'node-b']);
    expect(metrics.find((m) => m.metadata.name === 'node-a')).toMatchObject({
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'NodeMetrics',
      usage: { cpu: '250m', memory: '2Gi' },
    });
  });

  it('maps an unknown field selector (400) to a non-retryable BAD_REQUEST with the server message', async () => {
    const error = await reader()
      .list('pods', { fieldSelector: 'spec.bogus=1' })
      .catch((err) => err);
    expect(error).toBeInstanceOf(KubeError);
    expect(error.code).toBe(kubeErrorCodes.badRequest);
    expect(error.message).toContain('"spec.bogus" is not a known field selector');
    expect(isRetryable(error)).toBe(false);
  });

  it('maps 429 TooManyRequests to a retryable error carrying Retry-After', async () => {
    sim.setFaults({ rate429: 1, retryAfterSeconds: 7 });
    const error = await reader()
      .list('nodes')
      .catch((err) => err);
    expect(error.code).toBe(kubeErrorCodes.unavailable);
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(7);
    expect(isRetryable(error)).toBe(true);
  });

  it('maps a 500 to a retryable error', async () => {
    sim.setFaults({ rate500: 1 });
    const error = await reader()
      .get('nodes', 'node-a')
      .catch((err) => err);
    expect(error.code).toBe(kubeErrorCodes.unavailable);
    expect(error.status).toBe(500);
    expect(isRetryable(error)).toBe(true);
  });
});
