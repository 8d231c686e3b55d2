import { describe, expect, it } from 'vitest';
import { nodeItems } from '../src/node-checks.js';
import { podItems } from '../src/pod-checks.js';
import {
  isWindowsExporter,
  missingExporterItems,
  nodeFacts,
  windowsPodItems,
} from '../src/windows-checks.js';
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
    expect(windowsPodItems(nodeFacts(kubeFixture('node-memory-pressure')), [pod])).toEqual([]);
    expect(isWindowsExporter(pod)).toBe(false);
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

  it('lists a pod on a Windows node without an OS selector, RuntimeClass or affinity, and no other', () => {
    const node = nodeFacts({ metadata: { name: 'akswin000000', labels: { 'kubernetes.io/os': 'windows' } } });
    const pod = (name: string, spec: Record<string, unknown>) => ({
      metadata: { name, namespace: 'win' },
      spec: {
        nodeName: 'akswin000000',
        containers: [{ name: 'app', image: 'acr.io/win/app:1.0-ltsc2019' }],
        ...spec,
      },
    });
    const items = windowsPodItems(node, [
      pod('bare', {}),
      pod('selected', { nodeSelector: { 'kubernetes.io/os': 'windows' } }),
      pod('runtime-class', { runtimeClassName: 'windows-2019' }),
      pod('affinity', {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }] },
              ],
            },
          },
        },
      }),
    ]);
    expect(items.map((i) => i.key)).toEqual(['windows:pod/win/bare:no-os-selector']);
  });

  it('lists Windows nodes without a windows_exporter pod only', () => {
    const win = nodeFacts({
      metadata: { name: 'akswin000000', labels: { 'kubernetes.io/os': 'windows' } },
    });
    const win2 = nodeFacts({ metadata: { name: 'akswin000001', labels: { 'kubernetes.io/os': 'windows' } } });
    const linux = nodeFacts(kubeFixture('node-memory-pressure'));
    expect(missingExporterItems([win, win2, linux], new Set(['akswin000001'])).map((i) => i.key)).toEqual([
      'windows:node/akswin000000:no-windows-exporter',
    ]);
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
