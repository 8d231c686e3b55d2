import type { Simulator } from '@triage/cluster-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWindowsLogsPlaybook, windowsLogsParams } from '../src/index.js';
import { diagnosticPodsLeft, simulatorContext, startWindowsMixed } from './simulator-context.js';

// windows-mixed keeps HostProcess pods Running (a collector that never exits): a short deadline keeps the test quick.
const playbook = createWindowsLogsPlaybook({ collectorDeadlineSeconds: 3 });
let sim: Simulator;

beforeAll(async () => {
  sim = await startWindowsMixed();
}, 60_000);
afterAll(async () => {
  await sim?.close();
});

const run = (node: string, options?: { diagnosticPods?: boolean; signal?: AbortSignal }) =>
  playbook.run(simulatorContext(sim, options), windowsLogsParams.parse({ node }));

describe('windows-logs on windows-mixed', () => {
  it('reports the HNS failures of kube-proxy on aksnpwin000000 first, and leaves no pod behind', async () => {
    const findings = await run('aksnpwin000000');
    expect(findings[0]?.severity).toBe('critical');
    expect(findings[0]?.title).toBe(
      'kube-proxy on aksnpwin000000 cannot program HNS: The object already exists. (0x1392) for endpoint 10.244.2.19, 72 failures since 03-04 08:17:41',
    );
    expect(findings[0]?.detail).toContain('win/orders-legacy:http');
    expect(findings[0]?.evidence[0]?.source).toBe('log C:\\k\\kubeproxy.err.log');
    const collection = findings.find((f) => f.title.startsWith('Collected node logs'));
    expect(collection?.attachments?.[0]?.content).toContain('0x1392');
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);

  it('names the pod, image tag and node build of the OS mismatch on aksnpwin000001', async () => {
    const findings = await run('aksnpwin000001');
    expect(findings[0]?.title).toBe(
      "Pod win/legacy-api-wpp69n7mmg-fg9bb cannot start on aksnpwin000001: image ltsc2022 (10.0.20348) does not match the node's Windows build 10.0.17763",
    );
    expect(findings[0]?.evidence.map((e) => e.source)).toContain('log C:\\k\\kubelet.err.log');
    expect(findings[0]?.remediation?.steps[0]).toContain('runtimeClassName: windows-2022');
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);

  it('without diagnostic pods checks the objects and says collection is unavailable', async () => {
    const findings = await run('aksnpwin000001', { diagnosticPods: false });
    expect(findings.map((f) => [f.severity, f.title.split(':')[0]])).toEqual([
      ['critical', 'Pod win/legacy-api-wpp69n7mmg-fg9bb cannot start on aksnpwin000001'],
      ['info', 'Log collection is unavailable on aksnpwin000001'],
    ]);
  }, 120_000);

  it('flags IIS without LogMonitor and says when the collector printed nothing', async () => {
    const findings = await run('akswin22000000');
    expect(findings.map((f) => f.title)).toEqual([
      'Pod win/iis-site-6kn6mj9ppp-69c4m runs C:\\ServiceMonitor.exe w3svc without LogMonitor: kubectl logs will stay empty',
      'Could not collect logs from akswin22000000',
    ]);
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);

  it('on a Linux node says so and finds the Windows pod placed there', async () => {
    const findings = await run('aks-nodepool1-31415926-vmss000001');
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      [
        'critical',
        'Windows pod win/iis-frontend-2qvgvg6klb-g95vl landed on Linux node aks-nodepool1-31415926-vmss000001 and cannot pull its image',
      ],
      ['info', 'Node aks-nodepool1-31415926-vmss000001 is not a Windows node (kubernetes.io/os=linux)'],
    ]);
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);

  it('answers a node that does not exist with one warning', async () => {
    const findings = await run('akswin99000000');
    expect(findings.map((f) => f.title)).toEqual(['Node akswin99000000 does not exist']);
  }, 60_000);

  it('deletes the collector pod when the run is cancelled', async () => {
    const controller = new AbortController();
    const ctx = simulatorContext(sim, { signal: controller.signal });
    const progress = ctx.progress;
    ctx.progress = async (text) => {
      await progress(text);
      if (text.startsWith('Collecting')) setTimeout(() => controller.abort(), 500);
    };
    await expect(
      createWindowsLogsPlaybook({ collectorDeadlineSeconds: 60 }).run(
        ctx,
        windowsLogsParams.parse({ node: 'aksnpwin000000' }),
      ),
    ).rejects.toMatchObject({
      code: 'TRIAGE_ERR_KUBE_ABORTED',
    });
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);
});
