import { describe, expect, it } from 'vitest';
import { nodeItems } from '../src/node-checks.js';
import { podItems } from '../src/pod-checks.js';
import { createWindowsCollector } from '../src/windows-checks.js';
import { deploymentItems, pdbItems } from '../src/workload-checks.js';
import { kubeFixture } from './fixtures.js';

const options = { now: new Date('2026-11-22T12:00:00Z'), pendingMinutes: 15, oomWindowHours: 24 };

describe('pod checks', () => {
  it('lists a pod in CrashLoopBackOff with its restarts and last exit', () => {
    const [item, ...rest] = podItems(kubeFixture('pod-crash-loop'), options);
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      key: 'pod-crash-loop:pod/shop/checkout-7d9f8b6c5d-x2x9q',
      severity: 'warning',
      text: 'Pod shop/checkout-7d9f8b6c5d-x2x9q is in CrashLoopBackOff (container checkout, 14 restarts, last exit Error)',
    });
  });

  it('lists a pod Pending longer than the threshold with the scheduler reason, and not before', () => {
    const pod = kubeFixture('pod-pending-unschedulable');
    expect(podItems(pod, options).map((i) => i.text)).toEqual([
      'Pod jobs/batch-import-5c4b3a2d1e-kq8zt has been Pending for 30 min (Unschedulable)',
    ]);
    expect(podItems(pod, { ...options, pendingMinutes: 31 })).toEqual([]);
  });

  it('lists an OOM kill inside the window and forgets it after', () => {
    const pod = kubeFixture('pod-oom-killed');
    expect(podItems(pod, options).map((i) => i.key)).toEqual([
      'pod-oom-killed:pod/reporting/reports-worker-6f5e4d3c2b-p7m2x',
    ]);
    expect(podItems(pod, { ...options, oomWindowHours: 1 })).toEqual([]);
  });

  it('lists nothing for a malformed pod instead of crashing', () => {
    const pod = kubeFixture('pod-malformed');
    expect(podItems(pod, options)).toEqual([]);
    const windows = createWindowsCollector();
    windows.addNode(kubeFixture('node-memory-pressure'));
    windows.addPod({
      ...pod,
      spec: { nodeName: 'aks-userpool-31415926-vmss000002', containers: 'not-a-list' },
    });
    expect(windows.items(true)).toEqual([]);
  });
});

describe('node checks', () => {
  it('lists each pressure condition that is True, and a Ready node is not NotReady', () => {
    expect(nodeItems(kubeFixture('node-memory-pressure')).map((i) => i.key)).toEqual([
      'node-pressure:node/aks-userpool-31415926-vmss000002:MemoryPressure',
    ]);
  });

  it('lists a node whose kubelet stopped reporting as NotReady, and not its Unknown pressures', () => {
    const node = kubeFixture('node-memory-pressure');
    const conditions = ((node.status?.conditions ?? []) as { status: string; reason: string }[]).map((c) => ({
      ...c,
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
    }));
    const items = nodeItems({ ...node, status: { ...node.status, conditions } });
    expect(items.map((i) => [i.key, i.severity])).toEqual([
      ['node-not-ready:node/aks-userpool-31415926-vmss000002', 'critical'],
    ]);
  });
});

describe('Windows checks (windows-logs windowsChecks over the pods that matter)', () => {
  const winNode = (name: string, build: string) => ({
    metadata: {
      name,
      labels: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': build },
    },
    spec: { taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }] },
    status: { allocatable: { memory: '12Gi' }, capacity: { memory: '16Gi' } },
  });
  const pod = (name: string, node: string, image: string, spec: Record<string, unknown> = {}) => ({
    metadata: { name, namespace: 'win', labels: { app: name } },
    spec: { nodeName: node, containers: [{ name: 'app', image }], ...spec },
    status: { phase: 'Running' },
  });
  const exporter = (node: string) => ({
    metadata: {
      name: `windows-exporter-${node}`,
      namespace: 'monitoring',
      labels: { 'app.kubernetes.io/name': 'windows-exporter' },
    },
    spec: {
      nodeName: node,
      containers: [{ name: 'exporter', image: 'ghcr.io/prometheus-community/windows-exporter:0.29.2' }],
    },
    status: { phase: 'Running' },
  });

  it('lists an OS build mismatch, a Windows pod without an OS selector and a node without windows_exporter, keyed by check', () => {
    const windows = createWindowsCollector();
    windows.addNode(winNode('akswin000000', '10.0.17763'));
    windows.addNode(winNode('akswin000001', '10.0.17763'));
    windows.addNode(kubeFixture('node-memory-pressure'));
    windows.addPod(
      pod('pinned', 'akswin000000', 'acr.io/win/app:1.0-ltsc2019', {
        nodeSelector: { 'kubernetes.io/os': 'windows' },
      }),
    );
    windows.addPod(pod('unpinned', 'akswin000000', 'acr.io/win/app:1.0-ltsc2019'));
    windows.addPod(
      pod('mismatch', 'akswin000001', 'acr.io/win/api:2.0-ltsc2022', {
        nodeSelector: { 'kubernetes.io/os': 'windows' },
      }),
    );
    windows.addPod(pod('linux-app', 'aks-userpool-31415926-vmss000002', 'acr.io/shop/web:1.0'));
    windows.addPod(exporter('akswin000000'));
    windows.addPod(exporter('akswin000001'));
    expect(
      windows
        .items(true)
        .map((i) => i.key)
        .sort(),
    ).toEqual(['windows:pod/win/mismatch:os-mismatch', 'windows:pod/win/unpinned:no-os-selector']);

    const withoutExporter = createWindowsCollector();
    withoutExporter.addNode(winNode('akswin000000', '10.0.17763'));
    expect(withoutExporter.items(true).map((i) => i.key)).toEqual([
      'windows:node/akswin000000:no-windows-exporter',
    ]);
    expect(withoutExporter.items(false)).toEqual([]);
  });
});

describe('workload checks', () => {
  const pdb = (status: Record<string, number>) => ({
    metadata: { name: 'web-pdb', namespace: 'web' },
    spec: { minAvailable: 1 },
    status,
  });

  it('lists a budget that allows no disruption, but not one that selects no pods', () => {
    expect(
      pdbItems(pdb({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 }))[0]
        ?.text,
    ).toBe(
      'PodDisruptionBudget web/web-pdb allows no disruption (minAvailable 1, 1/1 healthy): the next drain or upgrade will stall',
    );
    expect(
      pdbItems(pdb({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1, expectedPods: 0 })),
    ).toEqual([]);
    expect(
      pdbItems(pdb({ disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 })),
    ).toEqual([]);
  });

  it('lists a Deployment with no available replica, not one scaled to zero', () => {
    const deployment = (replicas: number, availableReplicas?: number) => ({
      metadata: { name: 'api', namespace: 'shop' },
      spec: { replicas },
      status: availableReplicas === undefined ? {} : { availableReplicas },
    });
    expect(deploymentItems(deployment(3)).map((i) => i.key)).toEqual([
      'deployment-unavailable:workload/shop/Deployment/api',
    ]);
    expect(deploymentItems(deployment(3, 1))).toEqual([]);
    expect(deploymentItems(deployment(0))).toEqual([]);
  });
});
