import { describe as group, expect, it } from 'vitest';
import { loadFixture } from './fake-kube.js';
import { describe } from './playbook-context.js';

group('describe workload', () => {
  const objects = [...loadFixture('deployment-degraded'), ...loadFixture('pod-crashloop')];

  it('reports ready replicas short of desired, the failed conditions, and its pods by problem', async () => {
    const { findings, calls } = await describe(objects, 'workload/shop/Deployment/checkout');
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'Deployment shop/checkout: 1 of 2 replicas ready'],
      ['warning', 'Deployment shop/checkout: Available is False (MinimumReplicasUnavailable)'],
      ['critical', 'Deployment shop/checkout: Progressing is False (ProgressDeadlineExceeded)'],
      ['critical', '1 of 2 pods of Deployment shop/checkout have problems: 1 CrashLoopBackOff'],
      ['info', 'Deployment shop/checkout: replicas'],
      ['info', '1 recent events'],
    ]);
    expect(findings[0]?.evidence[0]?.text).toBe('desired 2, ready 1, available 1, updated 2');
    expect(calls).toContain('list pods shop  app=checkout');
  });

  it('accepts the workload kind in any case or plural', async () => {
    const { findings } = await describe(objects, 'workload/shop/deployments/checkout');
    expect(findings[0]?.title).toBe('Deployment shop/checkout: 1 of 2 replicas ready');
  });

  it('says a deleted workload no longer exists', async () => {
    const { findings } = await describe(objects, 'workload/shop/StatefulSet/cache');
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', title: 'StatefulSet shop/cache no longer exists' }),
    ]);
  });

  it('explains which kinds it reads when given another', async () => {
    const { findings } = await describe(objects, 'workload/shop/CronJob/report');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        title: 'describe does not read CronJob workloads',
        detail: 'Supported workload kinds: Deployment, StatefulSet, DaemonSet, ReplicaSet.',
      }),
    ]);
  });

  it('gives a DaemonSet with every pod ready one ok finding', async () => {
    const daemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system' },
      spec: {
        selector: { matchExpressions: [{ key: 'component', operator: 'In', values: ['kube-proxy'] }] },
      },
      status: { desiredNumberScheduled: 3, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 3 },
    };
    const { findings, calls } = await describe([daemonSet], 'workload/kube-system/DaemonSet/kube-proxy');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'ok',
        title: 'DaemonSet kube-system/kube-proxy: 3 of 3 replicas ready',
      }),
    ]);
    expect(calls).toContain('list pods kube-system  component in (kube-proxy)');
  });
});
