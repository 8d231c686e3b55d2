import type { Simulator } from '@triage/cluster-sim';
import { createKubeReader, loadKubeConfig } from '@triage/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowsChecks } from '../src/index.js';
import { startWindowsMixed } from './simulator-context.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startWindowsMixed();
}, 60_000);
afterAll(async () => {
  await sim?.close();
});

describe('windowsChecks on windows-mixed, read through the API', () => {
  it('reports the build mismatch, the Windows pod on Linux, the missing LogMonitor and the unscraped, untainted 2019 nodes', async () => {
    const kube = createKubeReader(loadKubeConfig({ kubeconfig: sim.kubeconfigPath }));
    const [nodes, pods, events, runtimeClasses] = await Promise.all([
      kube.list('nodes'),
      kube.list('pods'),
      kube.list('events', { fieldSelector: 'type=Warning' }),
      kube.list('runtimeclasses'),
    ]);
    const findings = windowsChecks({ nodes, pods, events, runtimeClasses });
    expect(findings.map((f) => [f.check, f.severity, f.subject])).toEqual([
      ['windows-image-on-linux', 'critical', 'pod/win/iis-frontend-2qvgvg6klb-g95vl'],
      ['os-mismatch', 'critical', 'pod/win/legacy-api-wpp69n7mmg-fg9bb'],
      ['untainted-windows-node', 'warning', 'node/aksnpwin000000'],
      ['no-windows-exporter', 'warning', 'node/aksnpwin000000'],
      ['untainted-windows-node', 'warning', 'node/aksnpwin000001'],
      ['no-windows-exporter', 'warning', 'node/aksnpwin000001'],
      ['no-log-monitor', 'info', 'pod/win/iis-site-6kn6mj9ppp-69c4m'],
    ]);
    expect(findings[1]?.title).toBe(
      "Pod win/legacy-api-wpp69n7mmg-fg9bb cannot start on aksnpwin000001: image ltsc2022 (10.0.20348) does not match the node's Windows build 10.0.17763",
    );
    expect(findings.find((f) => f.check === 'no-log-monitor')?.remediation?.steps.join('\n')).toContain(
      'triage run container-logs --namespace win --pod iis-site-6kn6mj9ppp-69c4m',
    );
  }, 60_000);
});
