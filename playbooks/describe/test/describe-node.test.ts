import { describe as group, expect, it } from 'vitest';
import { loadFixture } from './fake-kube.js';
import { describe } from './playbook-context.js';

group('describe node', () => {
  const notReady = loadFixture('node-notready');
  const key = 'node/aks-np1-31415926-vmss000002';

  it('calls a stale heartbeat critical, naming how long ago the kubelet last posted status', async () => {
    const { findings } = await describe(notReady, key);
    const stale = findings[0];
    expect(stale?.severity).toBe('critical');
    expect(stale?.title).toBe('Node aks-np1-31415926-vmss000002: kubelet stopped posting status 14m ago');
    expect(stale?.subject).toBe(key);
    expect(stale?.evidence[0]).toEqual({
      source: 'Node/aks-np1-31415926-vmss000002 .status.conditions[Ready]',
      text: 'Unknown NodeStatusUnknown: Kubelet stopped posting node status.; last heartbeat 14m ago; since 13m ago',
      at: '2026-11-22T11:46:00Z',
    });
    // The pressure conditions went Unknown with Ready: shown as evidence, not as separate problems.
    expect(stale?.evidence.map((e) => e.source)).toContain(
      'Node/aks-np1-31415926-vmss000002 .status.conditions[MemoryPressure]',
    );
    expect(findings.filter((f) => f.title.includes('MemoryPressure'))).toEqual([]);
  });

  it("summarises the node's pods that are not Running and Ready", async () => {
    const { findings } = await describe(notReady, key);
    const pods = findings.find((f) => f.title.includes('pods on node'));
    expect(pods?.severity).toBe('critical');
    expect(pods?.title).toBe(
      '2 of 2 pods on node aks-np1-31415926-vmss000002 have problems: 1 CrashLoopBackOff, 1 NotReady',
    );
    expect(pods?.evidence[0]).toEqual({
      source: 'Pod/shop/cache-0',
      text: 'container redis: CrashLoopBackOff, 6 restarts; last exit OOMKilled (137) 16m ago',
    });
    expect(pods?.remediation?.steps).toEqual([
      'Give container redis the memory it uses: raise its limit (and request), or cap its heap or cache below the limit.',
      'Check the readiness probe and what it depends on.',
    ]);
  });

  it('shows taints and allocation as context, and the Warning events ranked first', async () => {
    const { findings } = await describe(notReady, key);
    const context = findings.find((f) => f.severity === 'info');
    expect(context?.evidence.map((e) => e.text)).toEqual([
      'cpu 600m requested of 3860m allocatable (16%); memory 2Gi requested of 12.3Gi allocatable (16%); pods 2 of 110',
      'node.kubernetes.io/unreachable:NoSchedule, node.kubernetes.io/unreachable:NoExecute',
    ]);
    const events = findings.find((f) => f.title.includes('Warning event'));
    expect(events?.severity).toBe('warning');
    expect(events?.evidence.map((e) => e.source)).toEqual([
      'Event Warning/SystemOOM ×6 (last 16m ago)',
      'Event Warning/EvictionThresholdMet ×3 (last 15m ago)',
      'Event Normal/NodeNotReady (13m ago)',
    ]);
  });

  it('asks only for the pods and events of this node', async () => {
    const { calls } = await describe(notReady, key);
    expect(calls).toEqual([
      'get nodes /aks-np1-31415926-vmss000002',
      'list pods * spec.nodeName=aks-np1-31415926-vmss000002',
      'list events * involvedObject.kind=Node,involvedObject.name=aks-np1-31415926-vmss000002',
    ]);
  });

  it('gives a healthy node one ok finding, without calling healthy Node Problem Detector conditions problems', async () => {
    const { findings } = await describe(loadFixture('node-healthy'), 'node/aks-np1-31415926-vmss000000');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('ok');
    expect(findings[0]?.title).toBe('Node aks-np1-31415926-vmss000000 is Ready');
    // The init container's 2 cores outweigh the app containers' 350m; the finished Job pod counts nothing.
    expect(findings[0]?.evidence[0]?.text).toBe(
      'cpu 2 requested of 3860m allocatable (52%); memory 640Mi requested of 12.3Gi allocatable (5%); pods 1 of 110',
    );
  });

  it('reports a cordoned node and a True custom condition, and survives junk quantities', async () => {
    const { findings } = await describe(loadFixture('hostile-objects'), 'node/junk-node');
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'Node junk-node has FrequentContainerdRestart (FrequentContainerdRestart)'],
      ['warning', 'Node junk-node is cordoned'],
      ['info', 'Node junk-node: allocation and taints'],
    ]);
    expect(findings[2]?.evidence[0]?.text).toBe('cpu 0 requested; memory 0B requested; pods 1');
  });

  it('warns about a node that never reported a Ready condition', async () => {
    const { findings } = await describe(loadFixture('hostile-objects'), 'node/bare-node');
    expect(findings[0]).toMatchObject({
      severity: 'warning',
      title: 'Node bare-node reports no Ready condition',
    });
    expect(findings.at(-1)?.evidence[0]?.source).toBe('Event Normal/Unknown');
  });

  it('says a node that is gone no longer exists', async () => {
    const { findings } = await describe([], 'node/aks-np1-31415926-vmss000009');
    expect(findings).toEqual([
      {
        severity: 'warning',
        title: 'Node aks-np1-31415926-vmss000009 no longer exists',
        detail: 'No events mention it either (events expire after an hour by default).',
        subject: 'node/aks-np1-31415926-vmss000009',
        evidence: [],
      },
    ]);
  });
});
