import { describe, expect, it } from 'vitest';
import { nodeHealthInScenario } from './run-in-simulator.js';

describe('node-health against the cluster simulator', () => {
  it('diagnoses the NotReady node of node-notready-memory first: stale heartbeat, memory pressure, OOM kills, the hungry pods named', async () => {
    const node = 'aks-userpool-31415926-vmss000001';
    const { findings, progress } = await nodeHealthInScenario(
      'node-notready-memory',
      node,
      'KubeNodeNotReady',
    );
    const [first] = findings;
    expect(first?.severity).toBe('critical');
    expect(first?.title).toMatch(
      new RegExp(
        `^Node ${node} is NotReady: kubelet stopped posting status 1[3-5]m ago after memory pressure and 6 OOM kills$`,
      ),
    );
    expect(first?.evidence[0]?.text).toContain('Kubelet stopped posting node status.');
    expect(first?.evidence.map((e) => e.source)).toEqual(
      expect.arrayContaining([
        'Event Warning/OOMKilling ×6',
        'Event Warning/EvictionThresholdMet ×3',
        'Event Normal/NodeNotReady',
      ]),
    );
    const steps = first?.remediation?.steps.join('\n') ?? '';
    expect(steps).toContain(
      'reporting/reports-worker-j6hsg8768p-gk98h (OOM-killed, 6 restarts, request 512Mi, limit 4Gi)',
    );
    expect(steps).toMatch(
      /AKS node auto-repair acts on nodes NotReady for more than 10 minutes \(this one: 1\dm\)/,
    );
    expect(findings.map((f) => [f.severity, f.title])).toEqual(
      expect.arrayContaining([
        [
          'warning',
          'Pod reporting/reports-worker-j6hsg8768p-gk98h was OOM-killed (container reports-worker, 6 restarts)',
        ],
        ['warning', `2 pods were evicted from ${node} (node low on memory)`],
        ['info', `6 node agent pods are not running/ready on ${node}`],
      ]),
    );
    expect(findings.map((f) => f.severity)).toEqual(
      [...findings.map((f) => f.severity)].sort((a, b) => order(a) - order(b)),
    );
    expect(progress).toHaveLength(1);
  });

  it('names the heaviest pods from metrics.k8s.io on the node where reports-worker survives (NodeMemoryHighUtilization)', async () => {
    const node = 'aks-userpool-31415926-vmss000000';
    const { findings } = await nodeHealthInScenario(
      'node-notready-memory',
      node,
      'NodeMemoryHighUtilization',
    );
    const heavy = findings.find((f) => f.title.startsWith(`Heaviest pods on ${node} by memory`));
    expect(heavy?.evidence[1]?.source).toBe('PodMetrics/reporting/reports-worker-j6hsg8768p-2tt7m');
    expect(heavy?.evidence[1]?.text).toMatch(/^memory 3.3Gi \(request 512Mi, limit 4Gi\)/);
    const overcommit = findings.find((f) => f.title.startsWith(`Memory limits on ${node} add up to`));
    expect(overcommit?.title).toBe(`Memory limits on ${node} add up to 1.1× allocatable (13.9Gi of 12.3Gi)`);
    expect(overcommit?.evidence[1]?.source).toMatch(/^Pod\/reporting\/reports-worker-/);
  });

  it('names DiskPressure with the image GC that found nothing to free, the host-path writer and disk remediation in node-disk-pressure', async () => {
    const node = 'aks-nodepool1-31415926-vmss000002';
    const { findings } = await nodeHealthInScenario(
      'node-disk-pressure',
      node,
      'NodeFilesystemAlmostOutOfSpace',
    );
    const [first] = findings;
    expect(first?.severity).toBe('critical');
    expect(first?.title).toBe(
      `Node ${node} has DiskPressure: image garbage collection found nothing to free (needed 20Gi)`,
    );
    expect(first?.detail).toContain('logging/vector-agent-dlw5v (/var/lib/vector)');
    expect(first?.evidence.map((e) => e.source)).toContain('Event Warning/ImageGCFailed ×9');
    expect(first?.remediation?.steps.join('\n')).toMatch(/\/var\/lib\/vector.*cap it/);
    expect(first?.remediation?.steps.join('\n')).toMatch(/--node-osdisk-size/);
    expect(findings[1]?.title).toBe(`2 pods were evicted from ${node} (node low on ephemeral-storage)`);
  });

  it('flags the Windows Server 2019 node of windows-mixed that has no taint and runs no windows_exporter, with its build and versions', async () => {
    const { findings } = await nodeHealthInScenario('windows-mixed', 'aksnpwin000000');
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      [
        'warning',
        'Windows node aksnpwin000000 has no taint: 2 Linux pods without a kubernetes.io/os nodeSelector can be scheduled onto it',
      ],
      [
        'warning',
        'No windows_exporter runs on Windows node aksnpwin000000: its memory, disk and service metrics are not scraped (port 9182)',
      ],
      ['ok', 'Node aksnpwin000000 is Ready, no pressure, no taints'],
    ]);
    const facts = findings[1]?.evidence.map((e) => e.text).join('\n');
    expect(facts).toContain('Windows Server 2019 Datacenter build 10.0.17763');
    expect(facts).toContain('kubelet v1.30.9, containerd://1.7.20+azure, system memory reserve 4.3Gi');
    expect(facts).toContain('node image AKSWindows-2019-containerd-17763.6893.250212');
  });

  it('puts the ltsc2022 pod that cannot start on the 2019 node aksnpwin000001 first, confirmed by its sandbox events', async () => {
    const { findings } = await nodeHealthInScenario('windows-mixed', 'aksnpwin000001');
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      [
        'critical',
        "Pod win/legacy-api-wpp69n7mmg-fg9bb cannot start on aksnpwin000001: image ltsc2022 (10.0.20348) does not match the node's Windows build 10.0.17763",
      ],
      [
        'warning',
        'Windows node aksnpwin000001 has no taint: 2 Linux pods without a kubernetes.io/os nodeSelector can be scheduled onto it',
      ],
      [
        'warning',
        'No windows_exporter runs on Windows node aksnpwin000001: its memory, disk and service metrics are not scraped (port 9182)',
      ],
      ['ok', 'Node aksnpwin000001 is Ready, no pressure, no taints'],
    ]);
    expect(findings[0]?.evidence[0]?.source).toMatch(/^Event Warning\/FailedCreatePodSandBox /);
    expect(findings[0]?.remediation?.summary).toBe(
      'Pin the workload to Windows Server 2022 nodes (10.0.20348)',
    );
  });

  it('gives the Windows Server 2022 node of windows-mixed, which has its exporter, an ok finding with its facts and the IIS pod without LogMonitor', async () => {
    const { findings } = await nodeHealthInScenario('windows-mixed', 'akswin22000000');
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      [
        'info',
        'Pod win/iis-site-6kn6mj9ppp-69c4m runs C:\\ServiceMonitor.exe w3svc without LogMonitor: kubectl logs will stay empty',
      ],
      ['ok', 'Node akswin22000000 is Ready, no pressure, taints os=windows:NoSchedule'],
    ]);
    expect(findings[1]?.evidence.map((e) => e.text).join('\n')).toContain('build 10.0.20348');
  });

  it('names the Windows pod of windows-mixed that landed on a Linux node, as critical', async () => {
    const node = 'aks-nodepool1-31415926-vmss000001';
    const { findings } = await nodeHealthInScenario('windows-mixed', node);
    expect(findings[0]).toMatchObject({
      severity: 'critical',
      title: `Windows pod win/iis-frontend-2qvgvg6klb-g95vl landed on Linux node ${node} and cannot pull its image`,
    });
  });

  it('gives each node of the healthy scenario one short ok finding, healthy NPD conditions included', async () => {
    for (const node of ['aks-nodepool1-31415926-vmss000000', 'aks-nodepool1-31415926-vmss000002']) {
      const { findings } = await nodeHealthInScenario('healthy', node);
      expect(findings.map((f) => [f.severity, f.title])).toEqual([
        ['ok', `Node ${node} is Ready, no pressure, no taints`],
      ]);
    }
  });
});

function order(severity: string): number {
  return ['critical', 'warning', 'info', 'ok'].indexOf(severity);
}
