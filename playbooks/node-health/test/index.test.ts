import type { KubeObject, KubeReader, ListOptions } from '@triage/core';
import { KubeError, kubeErrorCodes } from '@triage/kube';
import { describe, expect, it } from 'vitest';
import { nodeHealthParams } from '../src/index.js';
import { fixtureItems, rawFixture } from './fixtures.js';
import { runOver } from './playbook-context.js';

const N = 'aks-userpool-27182818-vmss000004';
const withNode = (nodeFixture: string, extra: Record<string, string[]> = {}) => ({
  nodes: fixtureItems(nodeFixture),
  pods: fixtureItems(extra.pods?.[0] ?? 'pods-on-node'),
  events: fixtureItems(extra.events?.[0] ?? 'events-node'),
});

/** The Windows node with a pod of the wrong Windows build, a Linux pod and a Linux pod elsewhere. */
const misplacedOnWindows = () => ({
  nodes: fixtureItems('node-windows'),
  pods: [...fixtureItems('pods-on-windows-node'), ...fixtureItems('pods-misplaced-on-windows')],
  events: fixtureItems('events-windows-pods'),
});

describe('node-health over kubectl fixtures', () => {
  it('puts the NotReady diagnosis first, with the stale heartbeat, the memory story and the OOM-killed pod named', async () => {
    const { findings, progress } = await runOver(withNode('node-unreachable'), N);
    const [first] = findings;
    expect(first?.severity).toBe('critical');
    expect(first?.title).toBe(
      `Node ${N} is NotReady: kubelet stopped posting status 14m ago after memory pressure, 6 OOM kills, disk pressure and a reboot`,
    );
    expect(first?.evidence[0]?.source).toBe(`Node/${N} .status.conditions[Ready]`);
    expect(first?.evidence.map((e) => e.source)).toContain('Event Warning/OOMKilling ×6');
    expect(first?.remediation?.steps.join('\n')).toMatch(
      /reporting\/reports-worker-7c9d8f6b5-x2k4p \(OOM-killed, 6 restarts, request 512Mi, limit 4Gi\)/,
    );
    expect(first?.remediation?.steps.join('\n')).toMatch(
      /az vmss restart -g mc_rg-prod_aks-prod_westeurope -n aks-userpool-27182818-vmss --instance-ids 4/,
    );
    expect(first?.remediation?.steps.join('\n')).toMatch(/auto-repair .* \(this one: 13m\)/);
    const titles = findings.map((f) => f.title);
    expect(titles).toContain(
      'Pod reporting/reports-worker-7c9d8f6b5-x2k4p was OOM-killed (container reports-worker, 6 restarts)',
    );
    expect(titles).toContain(`1 pod was evicted from ${N} (node low on memory)`);
    expect(titles).toContain(
      `Pods without their own toleration were evicted from ${N} 8m ago (node.kubernetes.io/unreachable)`,
    );
    const timeline = findings.find((f) => f.title === `Events of node ${N}, oldest first (7)`);
    expect(timeline?.severity).toBe('info');
    expect(timeline?.evidence.map((e) => e.source)).toEqual([
      'Event Warning/Rebooted',
      'Event Normal/NodeReady',
      'Event Warning/EvictionThresholdMet ×2',
      'Event Warning/ImageGCFailed ×4',
      'Event Warning/OOMKilling ×6',
      'Event Warning/SystemOOM ×6',
      'Event Normal/NodeNotReady',
    ]);
    expect(progress).toHaveLength(1);
  });

  it('claims no disk pressure for a NotReady node just because a disk alert started the run', async () => {
    const objects = withNode('node-unreachable', { events: ['events-flapping'] });
    const { findings } = await runOver(objects, N, { triggerName: 'NodeFilesystemAlmostOutOfSpace' });
    expect(findings[0]?.title).toBe(`Node ${N} is NotReady: kubelet stopped posting status 14m ago`);
    expect(findings[0]?.remediation?.steps.join('\n')).not.toMatch(/Free disk/);
  });

  it('reads only what the node needs: the node, pods by spec.nodeName, events by involvedObject, bounded', async () => {
    const { calls } = await runOver(withNode('node-unreachable'), N);
    expect(calls).toEqual([
      `get nodes/${N}`,
      `list pods ?fieldSelector=spec.nodeName=${N} max=500`,
      `list events ?fieldSelector=involvedObject.kind=Node,involvedObject.name=${N} max=300`,
      `get nodes.metrics.k8s.io/${N}`,
    ]);
  });

  it('reads pod metrics only when the heaviest pods will be named (a healthy node costs 4 requests)', async () => {
    const quiet = { ...rawFixture('node-metrics'), usage: { cpu: '410m', memory: '2Gi' } };
    const objects = {
      nodes: fixtureItems('node-healthy'),
      pods: fixtureItems('pods-on-node').filter((p) => /^(kube-proxy|vector-agent)-/.test(p.metadata.name)),
      events: [],
      'nodes.metrics.k8s.io': [quiet],
      'pods.metrics.k8s.io': fixtureItems('pod-metrics'),
    };
    const { calls, findings } = await runOver(objects, N, { triggerName: 'run node-health' });
    expect(findings.map((f) => f.severity)).toEqual(['ok']);
    expect(calls).toHaveLength(4);
    expect(calls.some((c) => c.includes('pods.metrics.k8s.io'))).toBe(false);
  });

  it('names the kubelet’s own reason and points at the CNI when the runtime network is not ready', async () => {
    const { findings } = await runOver(withNode('node-kubelet-notready', { events: ['events-flapping'] }), N);
    expect(findings[0]?.title).toBe(
      `Node ${N} is NotReady: kubelet reports KubeletNotReady after NetworkUnavailable`,
    );
    expect(findings[0]?.remediation?.steps.join('\n')).toMatch(/CNI pods/);
    expect(findings.map((f) => f.title)).toContain(`Node ${N} is cordoned (unschedulable)`);
    expect(findings.map((f) => f.title)).toContain(
      `Pods on ${N} will be evicted in 3m (node.kubernetes.io/not-ready)`,
    );
  });

  it('reports a flapping node that is Ready now', async () => {
    const { findings } = await runOver(
      withNode('node-healthy', { pods: ['pods-on-windows-node'], events: ['events-flapping'] }),
      N,
      {
        triggerName: 'KubeNodeReadinessFlapping',
      },
    );
    expect(findings[0]).toMatchObject({
      severity: 'warning',
      title: `Node ${N} went NotReady 3 times recently (Ready now)`,
    });
  });

  it('names the failed image GC and the host-path writer for DiskPressure', async () => {
    const { findings } = await runOver(withNode('node-disk-pressure'), N);
    const disk = findings[0];
    expect(disk?.title).toBe(
      `Node ${N} has DiskPressure: image garbage collection found only 2Gi of 10Gi to free`,
    );
    expect(disk?.detail).toContain('logging/vector-agent-7tq2m (/var/lib/vector)');
  });

  it('joins metrics to name the heaviest pods when memory is implicated, and runs without metrics.k8s.io', async () => {
    const withMetrics = {
      ...withNode('node-healthy', { events: ['events-hostile'] }),
      'nodes.metrics.k8s.io': [rawFixture('node-metrics')],
      'pods.metrics.k8s.io': fixtureItems('pod-metrics'),
    };
    const { findings, calls } = await runOver(withMetrics, N, { triggerName: 'NodeMemoryHighUtilization' });
    const heavy = findings.find((f) => f.title.startsWith('Heaviest pods'));
    expect(heavy?.severity).toBe('warning');
    expect(heavy?.title).toBe(
      `Heaviest pods on ${N} by memory (node uses 11.4Gi of 12.3Gi allocatable, CPU 3120m of 3860m)`,
    );
    expect(heavy?.evidence[1]?.source).toBe('PodMetrics/reporting/reports-worker-7c9d8f6b5-x2k4p');
    expect(calls.filter((c) => c.startsWith('list pods.metrics.k8s.io'))).toHaveLength(4);
    const { findings: without } = await runOver(withNode('node-healthy', { events: ['events-hostile'] }), N);
    expect(without.some((f) => f.title.startsWith('Heaviest pods'))).toBe(false);
  });

  it('reports windows-logs’ memory reserve check on a Windows node, with the node’s Windows facts, and one ok finding', async () => {
    const objects = {
      nodes: fixtureItems('node-windows'),
      pods: fixtureItems('pods-on-windows-node'),
      events: [],
    };
    const { findings } = await runOver(objects, 'akswin000002');
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      [
        'warning',
        'Windows node akswin000002 keeps only 1.5 GiB of memory for the system (at least 2 GiB advised)',
      ],
      ['ok', 'Node akswin000002 is Ready, no pressure, no taints'],
    ]);
    expect(findings[0]?.evidence.map((e) => e.text)).toEqual([
      'capacity.memory 8388608Ki, allocatable.memory 6815744Ki: reserve 1.5 GiB',
      'Windows Server 2022 Datacenter build 10.0.20348 (kernel 10.0.20348.3207), kubelet v1.30.9, containerd://1.7.20+azure, system memory reserve 1.5Gi',
      'AKS agent pool win, node image AKSWindows-2022-containerd-20348.3207.250212',
    ]);
  });

  it('reports windows-logs’ windows_exporter check when no exporter runs on the Windows node', async () => {
    const { findings } = await runOver(
      { nodes: fixtureItems('node-windows'), pods: [], events: [] },
      'akswin000002',
    );
    expect(findings.map((f) => f.title)).toContain(
      'No windows_exporter runs on Windows node akswin000002: its memory, disk and service metrics are not scraped (port 9182)',
    );
  });

  it('reports the pods misplaced on a Windows node: the confirmed build mismatch, the Linux pod that cannot pull, and the missing taint', async () => {
    const objects = misplacedOnWindows();
    const { findings } = await runOver(objects, 'akswin000002');
    expect(findings.slice(0, 3).map((f) => [f.severity, f.title])).toEqual([
      [
        'critical',
        "Pod win/legacy-api-5d8c7b9f4-qk2lm cannot start on akswin000002: image ltsc2019 (10.0.17763) does not match the node's Windows build 10.0.20348",
      ],
      [
        'critical',
        'Linux pod shop/cart-6f7d9c8b5-z9x8w landed on Windows node akswin000002 and cannot pull its image',
      ],
      [
        'warning',
        'Windows node akswin000002 has no taint: 1 Linux pods without a kubernetes.io/os nodeSelector can be scheduled onto it',
      ],
    ]);
    expect(findings[0]?.evidence[0]?.source).toBe(
      'Event Warning/FailedCreatePodSandBox win/legacy-api-5d8c7b9f4-qk2lm',
    );
    expect(findings[2]?.evidence.map((e) => e.text)).toContain('shop/storefront-7b6c5d4e3-a1b2c');
  });

  it('reads the Windows checks’ extras only for a Windows node, bounded: Warning pod events, RuntimeClasses, and cluster pods only while the node has no taint', async () => {
    const objects = { nodes: fixtureItems('node-windows'), pods: [], events: [] };
    const { calls } = await runOver(objects, 'akswin000002');
    expect(calls.slice(4)).toEqual([
      'list events ?fieldSelector=type=Warning,involvedObject.kind=Pod max=500',
      'list runtimeclasses max=100',
      'list pods max=500',
    ]);
    const tainted = fixtureItems('node-windows').map((n) => ({
      ...n,
      spec: { ...n.spec, taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }] },
    }));
    const { calls: taintedCalls } = await runOver({ ...objects, nodes: tainted }, 'akswin000002');
    expect(taintedCalls.slice(4)).toEqual([
      'list events ?fieldSelector=type=Warning,involvedObject.kind=Pod max=500',
      'list runtimeclasses max=100',
    ]);
  });

  it('still runs the Windows checks, from the specs alone, when the extra reads are forbidden', async () => {
    const objects = misplacedOnWindows();
    const extra = (resource: string, options?: ListOptions) =>
      resource === 'runtimeclasses' ||
      options?.fieldSelector?.startsWith('type=Warning') ||
      (resource === 'pods' && !options?.fieldSelector);
    const forbidden = (kube: KubeReader): KubeReader => ({
      get: (resource, name, namespace) => kube.get(resource, name, namespace),
      async list(resource, options) {
        if (extra(resource, options))
          throw new KubeError(kubeErrorCodes.forbidden, `${resource} is forbidden (403)`, { status: 403 });
        return kube.list(resource, options);
      },
    });
    const { findings } = await runOver(objects, 'akswin000002', { wrap: forbidden });
    expect(findings.map((f) => [f.severity, f.title])).toEqual(
      expect.arrayContaining([
        [
          'warning',
          "Pod win/legacy-api-5d8c7b9f4-qk2lm on akswin000002 will not start: image ltsc2019 (10.0.17763) does not match the node's Windows build 10.0.20348",
        ],
        [
          'critical',
          'Linux pod shop/cart-6f7d9c8b5-z9x8w landed on Windows node akswin000002 and cannot pull its image',
        ],
      ]),
    );
    expect(findings.some((f) => f.title.includes('has no taint'))).toBe(false);
  });

  it('reports a Windows image on a Linux node without any extra read', async () => {
    const winPod = fixtureItems('pods-misplaced-on-windows')[0] as KubeObject;
    const onLinux = { ...winPod, spec: { ...winPod.spec, nodeName: N, nodeSelector: {} } };
    const { findings, calls } = await runOver(
      { nodes: fixtureItems('node-healthy'), pods: [onLinux], events: [] },
      N,
    );
    expect(findings.map((f) => f.title)).toContain(
      `Windows pod win/legacy-api-5d8c7b9f4-qk2lm landed on Linux node ${N}`,
    );
    expect(calls).toHaveLength(4);
  });

  it('gives a healthy node exactly one short ok finding', async () => {
    const { findings } = await runOver({ nodes: fixtureItems('node-healthy'), pods: [], events: [] }, N);
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['ok', `Node ${N} is Ready, no pressure, no taints`],
    ]);
  });

  it('says so when the node does not exist', async () => {
    const { findings } = await runOver({ nodes: [], pods: [], events: [] }, 'aks-gone-0');
    expect(findings).toMatchObject([{ severity: 'warning', title: 'Node aks-gone-0 does not exist' }]);
  });

  it('fails with a coded error on a malformed Node object', async () => {
    const objects = {
      nodes: [{ ...rawFixture('node-malformed'), metadata: { name: 'bad-1' } }],
      pods: [],
      events: [],
    };
    await expect(runOver(objects, 'bad-1')).rejects.toMatchObject({
      code: 'TRIAGE_ERR_NODE_HEALTH_MALFORMED_NODE',
    });
  });

  it('stops before reading anything once its deadline has passed', async () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    await expect(runOver(withNode('node-healthy'), N, { signal: controller.signal })).rejects.toThrow(
      'deadline',
    );
  });
});

describe('nodeHealthParams', () => {
  it('accepts a node name, or a node subject from a configured route', () => {
    expect(nodeHealthParams.parse({ node: N })).toEqual({ node: N });
    expect(nodeHealthParams.parse({ subject: `node/${N}` })).toEqual({ node: N });
  });

  it.each([
    {},
    { node: 'Not_A_Node' },
    { node: '../../etc' },
    { node: 'a'.repeat(254) },
    { subject: 'pod/shop/web' },
  ])('rejects %j with a message naming the node parameter', (params) => {
    const result = nodeHealthParams.safeParse(params);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['node']);
  });
});
