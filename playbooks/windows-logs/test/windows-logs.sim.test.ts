import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { Simulator } from '@triage/cluster-sim';
import type { DiagnosticPods, Finding, KubeObject, Logger } from '@triage/core';
import { KubeError } from '@triage/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWindowsLogsPlaybook, windowsLogsParams } from '../src/index.js';
import {
  diagnosticPodsLeft,
  simulatorContext,
  startWindowsMixed,
  TRIAGE_NAMESPACE,
} from './simulator-context.js';

const TRIAGE = resolve(import.meta.dirname, '../../../packages/cli/bin/triage.js');
const playbook = createWindowsLogsPlaybook({ collectorDeadlineSeconds: 60 });
let sim: Simulator;

beforeAll(async () => {
  sim = await startWindowsMixed();
}, 60_000);
afterAll(async () => {
  await sim?.close();
});

const run = (node: string, options?: { diagnosticPods?: boolean; signal?: AbortSignal }) =>
  playbook.run(simulatorContext(sim, options), windowsLogsParams.parse({ node }));

/** Pods created in Triage's namespace while `action` runs, as the API server stored them. */
async function podsCreatedDuring<T>(action: () => Promise<T>): Promise<{ result: T; created: KubeObject[] }> {
  const created: KubeObject[] = [];
  const stop = sim.store.watch('pods', { namespace: TRIAGE_NAMESPACE }, (event) => {
    if (event.type === 'ADDED') created.push(event.object as KubeObject);
  });
  try {
    return { result: await action(), created };
  } finally {
    stop();
  }
}

/** The tar member names in an attachment (ustar: a name in the first 100 bytes of each 512-byte header). */
function tarMembers(base64: string): string[] {
  const tar = Buffer.from(base64, 'base64');
  const names: string[] = [];
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(
      header.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0',
      8,
    );
    names.push(header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, ''));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

describe('windows-logs on windows-mixed', () => {
  it('runs the HostProcess pod with exactly the issue’s spec, attaches the archive it copied out, reports HNS first, and audits who asked', async () => {
    const audit: object[] = [];
    const log: Logger = {
      debug() {},
      info: (obj) => {
        if (typeof obj === 'object') audit.push(obj);
      },
      warn() {},
      error() {},
      child: () => log,
    };
    const ctx = { ...simulatorContext(sim), log };
    ctx.trigger = { ...ctx.trigger, requestedBy: 'U024BE7LH' };
    const { result: findings, created } = await podsCreatedDuring(() =>
      playbook.run(ctx, windowsLogsParams.parse({ node: 'aksnpwin000000' })),
    );
    expect(findings[0]?.severity).toBe('critical');
    expect(findings[0]?.title).toBe(
      'kube-proxy on aksnpwin000000 cannot program HNS: The object already exists. (0x1392) for endpoint 10.244.2.19, 72 failures since 03-04 08:17:41',
    );
    expect(findings[0]?.evidence.map((e) => e.text)).toContain(
      'endpoint Ethernet 10.244.2.19 is attached to no container (stale)',
    );

    expect(created).toHaveLength(1);
    const pod = created[0];
    expect(pod?.metadata.namespace).toBe('triage-system');
    expect(pod?.metadata.labels?.['triage.dev/requested-by']).toBe('U024BE7LH');
    expect(pod?.metadata.annotations?.['triage.dev/requested-by']).toBe('U024BE7LH');
    const spec = pod?.spec as Record<string, unknown>;
    expect(spec.nodeName).toBe('aksnpwin000000');
    expect(spec.hostNetwork).toBe(true);
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows' });
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(spec.securityContext).toEqual({
      windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' },
    });
    expect(spec.containers).toMatchObject([
      {
        image: 'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0',
        command: [
          'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
          '-NoProfile',
          '-NonInteractive',
          '-Command',
          'Start-Sleep -Seconds 60',
        ],
      },
    ]);

    const collection = findings.find((f) => f.title.startsWith('Collected node logs'));
    const archive = collection?.attachments?.find((a) => a.contentType === 'application/x-tar');
    expect(archive?.filename).toBe('aksnpwin000000-triage-20250304-082940.tar');
    expect(tarMembers(archive?.content ?? '')).toEqual([
      './',
      './kubeproxy.err.log',
      './kubeproxy.log',
      './System-events.txt',
      './Application-events.txt',
      './ipconfig.txt',
      './routes.txt',
      './port-ranges.txt',
      './hns-endpoints.json',
      './hns-networks.json',
      './crictl-ps.txt',
    ]);
    expect(collection?.detail).toContain('was copied out and is attached');
    expect(collection?.detail).toContain('Application event log (1 lines)');
    expect(audit).toContainEqual(
      expect.objectContaining({ audit: 'diagnostic-pod', node: 'aksnpwin000000', requestedBy: 'U024BE7LH' }),
    );
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

  it('flags IIS without LogMonitor and finds nothing wrong in the logs of a healthy 2022 node', async () => {
    const findings = await run('akswin22000000');
    expect(findings.map((f) => f.title)).toEqual([
      'Pod win/iis-site-6kn6mj9ppp-69c4m runs C:\\ServiceMonitor.exe w3svc without LogMonitor: kubectl logs will stay empty',
      'No known Windows failure signature in the logs of akswin22000000',
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
});

describe('the collector pod is deleted in every case', () => {
  it('after a failure inside the pod (exec refused)', async () => {
    const ctx = simulatorContext(sim);
    const real = ctx.diagnosticPods as DiagnosticPods;
    ctx.diagnosticPods = {
      ...real,
      run: (spec) =>
        real.run({
          ...spec,
          whileRunning: (pod) =>
            (spec.whileRunning ?? (async () => {}))({
              ...pod,
              exec: async () => {
                throw new KubeError('TRIAGE_ERR_KUBE_EXEC_FAILED', 'exec in pod failed: 403 Forbidden');
              },
            }),
        }),
    };
    const findings = await playbook.run(ctx, windowsLogsParams.parse({ node: 'aksnpwin000000' }));
    expect(findings.find((f) => f.title === 'Could not collect logs from aksnpwin000000')?.detail).toContain(
      'exec in pod failed: 403 Forbidden',
    );
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);

  it('after a timeout (the pod hits its deadline before it runs)', async () => {
    // windows-mixed starts HostProcess pods after 2 s; a 1 s deadline ends them first (DeadlineExceeded).
    const findings = await createWindowsLogsPlaybook({ collectorDeadlineSeconds: 1 }).run(
      simulatorContext(sim),
      windowsLogsParams.parse({ node: 'aksnpwin000000' }),
    );
    const collection = findings.find((f) => f.title === 'Could not collect logs from aksnpwin000000');
    expect(collection?.detail).toMatch(
      /the collector pod triage-windows-logs-[0-9a-f]{8} never ran \(Failed/,
    );
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);

  it('after a cancellation', async () => {
    const controller = new AbortController();
    const ctx = simulatorContext(sim, { signal: controller.signal });
    const progress = ctx.progress;
    ctx.progress = async (text) => {
      await progress(text);
      if (text.startsWith('Collecting')) setTimeout(() => controller.abort(), 500);
    };
    await expect(
      playbook.run(ctx, windowsLogsParams.parse({ node: 'aksnpwin000000' })),
    ).rejects.toMatchObject({
      code: 'TRIAGE_ERR_KUBE_ABORTED',
    });
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);
});

describe('triage run windows-logs', () => {
  it('prints the HNS finding first and the collection finding with the archive attached, as JSON', async () => {
    const { result, created } = await podsCreatedDuring(
      () =>
        new Promise<{ status: number; stdout: string; stderr: string }>((done) => {
          execFile(
            process.execPath,
            [TRIAGE, 'run', 'windows-logs', '--node', 'aksnpwin000000', '--json'],
            {
              encoding: 'utf8',
              timeout: 90_000,
              maxBuffer: 32 * 1024 * 1024,
              env: { PATH: process.env.PATH, KUBECONFIG: sim.kubeconfigPath },
            },
            (err, stdout, stderr) => done({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
          );
        }),
    );
    expect(result.stderr).toBe('');
    // The CLI user is the one who asked: the pod's audit label names them.
    expect(created[0]?.metadata.labels?.['triage.dev/requested-by']).toMatch(/^cli/);
    expect(result.status).toBe(0);
    const { findings } = JSON.parse(result.stdout) as { findings: Finding[] };
    expect(findings[0]?.title).toMatch(/^kube-proxy on aksnpwin000000 cannot program HNS/);
    const archive = findings
      .flatMap((f) => f.attachments ?? [])
      .find((a) => a.contentType === 'application/x-tar');
    expect(tarMembers(archive?.content ?? '')).toContain('./kubeproxy.err.log');
    expect(await diagnosticPodsLeft(sim)).toBe(0);
  }, 120_000);
});
