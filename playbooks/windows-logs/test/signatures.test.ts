import { describe, expect, it } from 'vitest';
import { hnsFindings } from '../src/hns-errors.js';
import { parseEach, podSchema } from '../src/kube-views.js';
import { splitSections } from '../src/log-sections.js';
import { missingLogMonitorFindings } from '../src/missing-log-monitor.js';
import { osMismatchFindings } from '../src/os-mismatch.js';
import { windowsImageOnLinuxFindings } from '../src/windows-image-on-linux.js';
import { fixtureCluster, fixtureItems, fixtureNode, fixtureText, LINUX, WIN2019 } from './fixtures.js';

const section = (source: string, file: string) => [{ source, lines: fixtureText(file).trim().split('\n') }];

describe('signature: container OS build does not match the host', () => {
  it('names the pod, the image release and the node build, from the sandbox events', () => {
    const c = fixtureCluster();
    const findings = osMismatchFindings({
      node: fixtureNode(WIN2019),
      pods: c.podsOn(WIN2019),
      events: c.events,
      runtimeClasses: c.runtimeClasses,
    });
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      [
        'critical',
        "Pod finance/reports-7d9c6b5f4-x2kqp cannot start on akswinpool000002: image ltsc2022 (10.0.20348) does not match the node's Windows build 10.0.17763",
      ],
    ]);
    expect(findings[0]?.evidence[0]?.text).toMatch(
      /^×14: Failed to create pod sandbox: .*does not match the host operating system/,
    );
    expect(findings[0]?.remediation?.steps[0]).toBe(
      'Set runtimeClassName: windows-2022 on the workload (its scheduling pins node.kubernetes.io/windows-build=10.0.20348).',
    );
  });

  it('quotes the kubelet line that names the pod when the events are gone', () => {
    const c = fixtureCluster();
    const [finding] = osMismatchFindings({
      node: fixtureNode(WIN2019),
      pods: c.podsOn(WIN2019),
      events: [],
      sections: section('C:\\k\\containerd.err.log', 'logs/containerd-os-mismatch.err.log'),
    });
    expect(finding?.severity).toBe('critical');
    expect(finding?.evidence.map((e) => e.source)).toContain('log C:\\k\\containerd.err.log');
    expect(finding?.remediation?.steps[0]).toMatch(
      /^Add nodeSelector node.kubernetes.io\/windows-build: "10.0.20348"/,
    );
  });

  it('only warns when the tag predicts a mismatch that has not been seen yet', () => {
    const c = fixtureCluster();
    const findings = osMismatchFindings({ node: fixtureNode(WIN2019), pods: c.podsOn(WIN2019), events: [] });
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
    expect(findings[0]?.title).toMatch(
      /^Pod finance\/reports-7d9c6b5f4-x2kqp on akswinpool000002 will not start/,
    );
  });

  it('near miss: matching builds and healthy containerd lines give nothing', () => {
    const c = fixtureCluster();
    const matching = c.podsOn(WIN2019).filter((p) => !p.metadata.name.startsWith('reports'));
    expect(
      osMismatchFindings({
        node: fixtureNode(WIN2019),
        pods: matching,
        events: c.events,
        sections: section('C:\\k\\containerd.err.log', 'logs/containerd-healthy.err.log'),
      }),
    ).toEqual([]);
  });
});

describe('signature: Windows image on a Linux node', () => {
  it('names the pod without an OS nodeSelector that cannot pull on Linux', () => {
    const c = fixtureCluster();
    const findings = windowsImageOnLinuxFindings({
      node: fixtureNode(LINUX),
      pods: c.podsOn(LINUX),
      events: c.events,
    });
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      [
        'critical',
        'Windows pod web/kiosk-8d7c6b5a4-zz1ab landed on Linux node aks-system-20417953-vmss000003 and cannot pull its image',
      ],
    ]);
    expect(findings[0]?.evidence.map((e) => e.text)).toContain('no kubernetes.io/os nodeSelector');
    expect(findings[0]?.evidence[0]?.text).toMatch(/no match for platform in manifest/);
  });

  it('near miss: Linux images on Linux, and any pod on a Windows node, give nothing', () => {
    const c = fixtureCluster();
    const linuxOnly = c.podsOn(LINUX).filter((p) => p.metadata.name.startsWith('storefront'));
    expect(
      windowsImageOnLinuxFindings({ node: fixtureNode(LINUX), pods: linuxOnly, events: c.events }),
    ).toEqual([]);
    expect(
      windowsImageOnLinuxFindings({ node: fixtureNode(WIN2019), pods: c.pods, events: c.events }),
    ).toEqual([]);
  });
});

describe('signature: HNS endpoint and policy failures in kube-proxy', () => {
  it('counts the failures per HRESULT and names the endpoint', () => {
    const findings = hnsFindings(WIN2019, section('C:\\k\\kubeproxy.err.log', 'logs/kubeproxy-hns.err.log'));
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      [
        'critical',
        'kube-proxy on akswinpool000002 cannot program HNS: The object already exists. (0x1392) for endpoint 10.240.0.87, 5 failures since 11-07 14:02:10',
      ],
    ]);
    expect(findings[0]?.evidence.map((e) => e.text.slice(0, e.text.indexOf(')') + 1))).toEqual([
      '×3 (11-07 14:02:10 … 11-07 14:03:10)',
      '×2 (11-07 14:02:10 … 11-07 14:02:40)',
    ]);
    expect(findings[0]?.detail).toContain('payments/billing:https');
  });

  it('adds the stale endpoint Get-HnsEndpoint lists for the failing IP', () => {
    const [finding] = hnsFindings(WIN2019, splitSections(fixtureText('logs/collector-output.txt')));
    expect(finding?.evidence.at(-1)).toEqual({
      source: `Get-HnsEndpoint on ${WIN2019}`,
      text: 'endpoint Ethernet 10.240.0.87 is attached to no container (stale)',
    });
    expect(finding?.remediation?.steps).toContainEqual(
      expect.stringContaining("IPAddress -eq '10.240.0.87'"),
    );
  });

  it('survives hostile output: broken JSON, secrets in the line', () => {
    const [finding] = hnsFindings(WIN2019, splitSections(fixtureText('logs/hostile.txt')));
    expect(finding?.evidence).toHaveLength(1);
    expect(JSON.stringify(finding)).not.toContain('hunter2');
  });

  it('near miss: healthy kube-proxy lines that mention HNS give nothing', () => {
    expect(hnsFindings(WIN2019, section('C:\\k\\kubeproxy.log', 'logs/kubeproxy-healthy.log'))).toEqual([]);
  });
});

describe('signature: IIS without LogMonitor', () => {
  it('flags ServiceMonitor.exe entrypoints and the IIS image default, not LogMonitor-wrapped ones', () => {
    const findings = missingLogMonitorFindings(fixtureCluster().podsOn(WIN2019));
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      [
        'info',
        'Pod web/iis-plain-6b5d4c8f7-kk2lm runs C:\\ServiceMonitor.exe w3svc without LogMonitor: kubectl logs will stay empty',
      ],
      [
        'info',
        'Pod web/iis-default-6b5d4c8f7-hh3jn runs C:\\ServiceMonitor.exe w3svc (the image default) without LogMonitor: kubectl logs will stay empty',
      ],
    ]);
    expect(findings[0]?.remediation?.steps[1]).toContain('"type":"ETW"');
  });

  it('warns when the log was read and found empty', () => {
    const [finding] = missingLogMonitorFindings(
      fixtureCluster().podsOn(WIN2019),
      new Set(['web/iis-plain-6b5d4c8f7-kk2lm']),
    );
    expect(finding?.severity).toBe('warning');
    expect(finding?.title).toMatch(/kubectl logs is empty$/);
  });

  it('skips malformed pods instead of failing', () => {
    const pods = parseEach(podSchema, fixtureItems('kube/pods-malformed.json'));
    expect(pods.map((p) => p.metadata.name)).toEqual(['iis-bare']);
    expect(missingLogMonitorFindings(pods)).toHaveLength(1);
  });
});
