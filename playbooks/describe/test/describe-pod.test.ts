import { describe as group, expect, it } from 'vitest';
import { loadFixture } from './fake-kube.js';
import { describe } from './playbook-context.js';

group('describe pod', () => {
  const healthyNode = loadFixture('node-healthy');

  it('reports CrashLoopBackOff with the restart count, last exit and where to look next', async () => {
    const objects = [...loadFixture('pod-crashloop'), ...healthyNode];
    const { findings } = await describe(objects, 'pod/shop/checkout-5f7b8c9d6-q8wz2');
    const crash = findings[0];
    expect(crash?.severity).toBe('critical');
    expect(crash?.title).toBe(
      'Pod shop/checkout-5f7b8c9d6-q8wz2: container checkout: CrashLoopBackOff, 14 restarts; last exit Error (1) 2m ago',
    );
    expect(crash?.detail).toBe(
      'phase Running, node aks-np1-31415926-vmss000000, owner ReplicaSet/checkout-5f7b8c9d6, 14 restarts',
    );
    expect(crash?.evidence).toEqual([
      {
        source: 'Pod/shop/checkout-5f7b8c9d6-q8wz2 .status.containerStatuses[checkout]',
        text: 'back-off 5m0s restarting failed container=checkout pod=checkout-5f7b8c9d6-q8wz2_shop(2b3c4d5e-0000-4000-8000-000000000020)',
      },
    ]);
    expect(crash?.remediation).toEqual({
      summary: "Read the crashed container's last output.",
      steps: ['kubectl logs -n shop checkout-5f7b8c9d6-q8wz2 -c checkout --previous'],
    });
  });

  it('ranks the pod events Warning first, then by count, then by recency, with new-style eventTime events', async () => {
    const objects = [...loadFixture('pod-crashloop'), ...healthyNode];
    const { findings } = await describe(objects, 'pod/shop/checkout-5f7b8c9d6-q8wz2');
    const events = findings.find((f) => f.title === '2 Warning events');
    expect(events?.evidence.map((e) => e.source)).toEqual([
      'Event Warning/BackOff ×14 (last 2m ago)',
      'Event Warning/Unhealthy ×3 (last 60s ago)',
      'Event Normal/Pulled ×15 (last 2m ago)',
      'Event Normal/Scheduled (90m ago)',
    ]);
    expect(events?.evidence[1]?.text).toContain('Readiness probe failed');
  });

  it('reports ImagePullBackOff with the kubelet message', async () => {
    const objects = [...loadFixture('pod-imagepull'), ...healthyNode];
    const { findings } = await describe(objects, 'pod/shop/api-6c8d9e7f5-m3n4p');
    expect(findings[0]?.severity).toBe('critical');
    expect(findings[0]?.title).toBe(
      'Pod shop/api-6c8d9e7f5-m3n4p: container api: ImagePullBackOff: Back-off pulling image "shopacr.azurecr.io/api:4.0.0-rc1"',
    );
    expect(findings.at(-1)?.evidence[0]?.text).toContain('not found');
  });

  it("adds the node's critical state when the pod runs on a node that stopped reporting", async () => {
    const { findings } = await describe(loadFixture('node-notready'), 'pod/shop/cache-0');
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      [
        'critical',
        'Pod shop/cache-0: container redis: CrashLoopBackOff, 6 restarts; last exit OOMKilled (137) 16m ago',
      ],
      ['critical', 'Node aks-np1-31415926-vmss000002: kubelet stopped posting status 14m ago'],
    ]);
    expect(findings[0]?.remediation).toEqual({
      summary:
        'Give container redis the memory it uses: raise its limit (and request), or cap its heap or cache below the limit.',
      steps: ['kubectl top pod -n shop cache-0 --containers'],
    });
    expect(findings[1]?.subject).toBe('pod/shop/cache-0');
  });

  it('gives a healthy pod one ok finding naming its node and owner', async () => {
    const { findings } = await describe(healthyNode, 'pod/shop/web-7d9c6b5f4-x2k4p');
    expect(findings).toEqual([
      {
        severity: 'ok',
        title: 'Pod shop/web-7d9c6b5f4-x2k4p is Running and Ready',
        detail: 'phase Running, node aks-np1-31415926-vmss000000, owner ReplicaSet/web-7d9c6b5f4, 1 restarts',
        subject: 'pod/shop/web-7d9c6b5f4-x2k4p',
        evidence: [
          {
            source: 'Pod/shop/web-7d9c6b5f4-x2k4p',
            text: 'phase Running, node aks-np1-31415926-vmss000000, owner ReplicaSet/web-7d9c6b5f4, 1 restarts',
          },
        ],
      },
    ]);
  });

  it('says when a pod that no longer exists was last seen in events', async () => {
    const { findings } = await describe(loadFixture('pod-deleted-events'), 'pod/shop/web-7d9c6b5f4-old01');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'warning',
      title: 'Pod shop/web-7d9c6b5f4-old01 no longer exists',
      detail: 'Last seen in events 12m ago: Killing: Stopping container web',
    });
    expect(findings[0]?.evidence[0]?.source).toBe('Event Normal/Killing (12m ago)');
  });

  it('reads a pod without status as Unknown instead of failing', async () => {
    const { findings } = await describe(loadFixture('hostile-objects'), 'pod/shop/bare-pod');
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'ok', title: 'Pod shop/bare-pod is Unknown' }),
    ]);
  });
});
