import { describe, expect, it } from 'vitest';
import { assessPods } from '../src/pods-on-node.js';
import { fixtureItems, podsFixture } from './fixtures.js';

describe('assessPods', () => {
  const pods = assessPods(podsFixture('pods-on-node'));

  it('finds the OOM-killed container with its restarts, request and limit', () => {
    expect(pods.oomKilled).toEqual([
      {
        pod: 'reporting/reports-worker-7c9d8f6b5-x2k4p',
        container: 'reports-worker',
        restarts: 6,
        finishedAt: '2026-11-22T11:41:00Z',
        limit: 4 * 2 ** 30,
        request: 512 * 2 ** 20,
      },
    ]);
  });

  it('reads the resource and usage from the kubelet’s eviction message', () => {
    expect(pods.evicted).toHaveLength(1);
    expect(pods.evicted[0]).toMatchObject({
      pod: 'shop/catalog-5f7d9c8b6-qq7vp',
      resource: 'memory',
      usingBytes: 301244 * 1024,
    });
  });

  it('lists crash-looping containers, and kube-system DaemonSet pods that are not ready', () => {
    expect(pods.crashLooping.map((p) => p.pod)).toEqual([
      'shop/checkout-6d8f7b9c4-m2n3b',
      'kube-system/azure-cns-8h2kq',
    ]);
    expect(pods.systemNotReady).toEqual([
      {
        pod: 'kube-system/azure-cns-8h2kq',
        reason: 'CrashLoopBackOff',
        detail: 'back-off 40s restarting failed container=cns-container',
      },
    ]);
  });

  it('names pods writing to host paths, leaving routine mounts such as /var/log and /proc out', () => {
    expect(pods.hostPathPods).toEqual([{ pod: 'logging/vector-agent-7tq2m', paths: ['/var/lib/vector'] }]);
  });

  it('skips pods it cannot read and does not trust numbers in hostile messages', () => {
    const raw = fixtureItems('pods-hostile');
    const parsed = podsFixture('pods-hostile');
    expect(parsed.length).toBeLessThan(raw.length);
    const hostile = assessPods(parsed);
    expect(hostile.evicted.every((e) => e.usingBytes === undefined)).toBe(true);
  });
});
