import { type Simulator, startSimulator } from '@triage/cluster-sim';
import type { DiagnosticPodSpec, KubeObject, RunningDiagnosticPod } from '@triage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiagnosticPods } from '../src/create-diagnostic-pods.js';
import { createKubeReader } from '../src/create-kube-reader.js';
import { KubeError, kubeErrorCodes } from '../src/errors.js';
import { loadKubeConfig } from '../src/load-kube-config.js';

const NODE = 'akswin000000';
const NAMESPACE = 'triage-system';
const TAR = 'C:\\Windows\\System32\\tar.exe';
const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const archive = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 256));

const rules = {
  run: [{ match: { node: NODE }, phase: 'Running' as const, runningAfterSeconds: 0 }],
  exec: [
    {
      match: { node: NODE, command: '*collect*' },
      stdout: 'collected 3 sources\nC:\\k\\debug\\triage-1.tar\n',
      exitCode: 0,
    },
    { match: { node: NODE, command: '*flood*' }, stdout: 'x'.repeat(200_000), exitCode: 0 },
    { match: { node: NODE, command: '*broken*' }, stderr: 'Get-WinEvent: access denied\n', exitCode: 5 },
    {
      match: { node: NODE },
      files: { 'C:\\k\\debug\\triage-1.tar': `base64:${archive.toString('base64')}` },
    },
  ],
};

// Triage's namespace and one tainted Windows node; the rules above replace a scenario's.
const objects: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
  {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: NODE, labels: { 'kubernetes.io/os': 'windows', 'kubernetes.io/hostname': NODE } },
    spec: { taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }] },
    status: {
      allocatable: { cpu: '3860m', memory: '12Gi', pods: '30' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
    },
  },
];

describe('diagnostic pods with work inside the running pod (whileRunning)', () => {
  let sim: Simulator;
  const kubeconfig = () => loadKubeConfig({ kubeconfig: sim.kubeconfigPath });
  const pods = () => createDiagnosticPods(kubeconfig(), { namespace: NAMESPACE, pollIntervalMs: 200 });
  const podsLeft = () => createKubeReader(kubeconfig()).list('pods', { namespace: NAMESPACE });
  const spec = (whileRunning: (pod: RunningDiagnosticPod) => Promise<void>): DiagnosticPodSpec => ({
    node: NODE,
    os: 'windows',
    image: 'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0',
    command: [POWERSHELL, '-NoProfile', '-Command', 'Start-Sleep -Seconds 60'],
    deadlineSeconds: 60,
    purpose: 'windows-logs',
    requestedBy: 'U024BE7LH (alice@example.com)',
    whileRunning,
  });

  beforeAll(async () => {
    sim = await startSimulator({ rules, objects });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('execs into the running HostProcess pod, copies the archive out byte for byte, then deletes the pod', async () => {
    const seen: KubeObject[] = [];
    const stop = sim.store.watch('pods', { namespace: NAMESPACE }, (event) => {
      seen.push(event.object as KubeObject);
    });
    let output = '';
    let copied: { name: string; content: Uint8Array } | undefined;
    let leftDuringCopy = 0;
    try {
      const result = await pods().run(
        spec(async (pod) => {
          const ran = await pod.exec([POWERSHELL, '-Command', 'collect'], {
            maxBytes: 1 << 20,
            timeoutMs: 30_000,
          });
          expect(ran).toMatchObject({ exitCode: 0, truncated: false, timedOut: false });
          output = Buffer.from(ran.stdout).toString();
          copied = await pod.copyFile('C:\\k\\debug\\triage-1.tar', {
            tar: TAR,
            maxBytes: 1 << 20,
            timeoutMs: 30_000,
          });
          leftDuringCopy = (await podsLeft()).length;
        }),
      );
      expect(result.phase).toBe('Running');
    } finally {
      stop();
    }
    expect(output).toBe('collected 3 sources\nC:\\k\\debug\\triage-1.tar\n');
    expect(copied?.name).toBe('k/debug/triage-1.tar');
    expect(Buffer.from(copied?.content ?? []).equals(archive)).toBe(true);
    expect(leftDuringCopy).toBe(1);
    expect(await podsLeft()).toHaveLength(0);
    const created = seen[0];
    expect(created?.metadata.namespace).toBe(NAMESPACE);
    expect(created?.metadata.labels?.['triage.dev/requested-by']).toBe('U024BE7LH-alice-example.com');
    expect(created?.metadata.annotations?.['triage.dev/requested-by']).toBe('U024BE7LH (alice@example.com)');
    expect(created?.spec).toMatchObject({
      nodeName: NODE,
      nodeSelector: { 'kubernetes.io/os': 'windows' },
      hostNetwork: true,
      tolerations: [{ operator: 'Exists' }],
      securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
    });
  }, 60_000);

  it('returns a failing command’s exit code and stderr, and cuts a flood at maxBytes', async () => {
    await pods().run(
      spec(async (pod) => {
        const broken = await pod.exec([POWERSHELL, '-Command', 'broken'], {
          maxBytes: 1024,
          timeoutMs: 30_000,
        });
        expect(broken).toMatchObject({ exitCode: 5, stderr: 'Get-WinEvent: access denied\n' });
        const flood = await pod.exec([POWERSHELL, '-Command', 'flood'], {
          maxBytes: 1000,
          timeoutMs: 30_000,
        });
        expect(flood.truncated).toBe(true);
        expect(flood.exitCode).toBeUndefined();
        expect(flood.stdout.length).toBe(1000);
      }),
    );
    expect(await podsLeft()).toHaveLength(0);
  }, 60_000);

  it('refuses a copy larger than the limit or of a missing file, and the pod still goes', async () => {
    const errors: unknown[] = [];
    await pods().run(
      spec(async (pod) => {
        const copy = (path: string, maxBytes: number) =>
          pod.copyFile(path, { tar: TAR, maxBytes, timeoutMs: 30_000 }).catch((e: unknown) => errors.push(e));
        await copy('C:\\k\\debug\\triage-1.tar', 100_000);
        await copy('C:\\k\\debug\\missing.tar', 1 << 20);
      }),
    );
    expect(errors.map((e) => (e as KubeError).code)).toEqual([
      kubeErrorCodes.copyFailed,
      kubeErrorCodes.copyFailed,
    ]);
    expect((errors[0] as KubeError).message).toContain('larger than 100000 bytes');
    expect((errors[1] as KubeError).message).toContain('No such file');
    expect(await podsLeft()).toHaveLength(0);
  }, 60_000);

  it('deletes the pod when the work inside it throws, and passes the error on', async () => {
    const err = await pods()
      .run(
        spec(async () => {
          throw new Error('collector script broke');
        }),
      )
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe('collector script broke');
    expect(await podsLeft()).toHaveLength(0);
  }, 60_000);

  it('aborts an exec in flight when the signal fires, and deletes the pod', async () => {
    const controller = new AbortController();
    const err = await pods()
      .run({
        ...spec(async (pod) => {
          controller.abort();
          await pod.exec([POWERSHELL, '-Command', 'collect'], { maxBytes: 1024, timeoutMs: 30_000 });
        }),
        signal: controller.signal,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).code).toBe(kubeErrorCodes.aborted);
    expect(await podsLeft()).toHaveLength(0);
  }, 60_000);
});
