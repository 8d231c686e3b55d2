import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodObject } from '../src/pod-types.js';
import type { Simulator } from '../src/start-simulator.js';
import { eventually, kubectl, startFixtureSimulator } from './subresources/kubectl-harness.js';

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startFixtureSimulator();
  dir = mkdtempSync(join(tmpdir(), 'sim-run-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const phaseOf = (ns: string, name: string) =>
  (sim.store.get('pods', ns, name) as PodObject | undefined)?.status?.phase;

describe('pods created with kubectl', () => {
  it('kubectl run with a nodeSelector: bound, Running, then Succeeded with the rule logs', async () => {
    const overrides = JSON.stringify({ spec: { nodeSelector: { 'kubernetes.io/os': 'linux' } } });
    const run = await kubectl(sim, [
      'run',
      'dns-trace',
      '-n',
      'shop',
      '--restart=Never',
      `--overrides=${overrides}`,
      '--image=ghcr.io/inspektor-gadget/inspektor-gadget:v0.55.0',
      '--',
      'trace_dns',
    ]);
    expect(run.code).toBe(0);
    await eventually(() => (phaseOf('shop', 'dns-trace') === 'Running' ? true : undefined), 'Running');
    const wide = await kubectl(sim, ['get', 'pod', '-n', 'shop', 'dns-trace', '-o', 'wide']);
    expect(wide.stdout).toMatch(
      /dns-trace\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\S+\s+aks-np1-31415926-vmss00000\d/,
    );
    await eventually(() => (phaseOf('shop', 'dns-trace') === 'Succeeded' ? true : undefined), 'Succeeded');
    const get = await kubectl(sim, ['get', 'pod', '-n', 'shop', 'dns-trace']);
    expect(get.stdout).toMatch(/dns-trace\s+0\/1\s+Completed/);
    const logs = await kubectl(sim, ['logs', '-n', 'shop', 'dns-trace']);
    expect(logs.stdout).toContain('"rcode":"NameError"');
    const describePod = await kubectl(sim, ['describe', 'pod', '-n', 'shop', 'dns-trace']);
    expect(describePod.stdout).toMatch(
      /Normal\s+Scheduled\s+.*default-scheduler\s+Successfully assigned shop\/dns-trace to aks-np1/,
    );
    expect(describePod.stdout).toMatch(/Normal\s+Started\s+.*kubelet\s+Started container dns-trace/);
  });

  it('kubectl create -f of a Windows pod with a toleration lands on the Windows node and fails as its rule says', async () => {
    const manifest = join(dir, 'pod.yaml');
    writeFileSync(
      manifest,
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: win-probe, namespace: shop}',
        'spec:',
        '  restartPolicy: Never',
        '  nodeSelector: {kubernetes.io/os: windows}',
        '  tolerations: [{operator: Exists}]',
        '  containers:',
        '  - {name: probe, image: "busybox:1.36", command: ["sh", "-c", "exit 2"]}',
        '',
      ].join('\n'),
    );
    const created = await kubectl(sim, ['create', '-f', manifest]);
    expect(created).toMatchObject({ code: 0, stdout: 'pod/win-probe created\n' });
    await eventually(() => (phaseOf('shop', 'win-probe') === 'Failed' ? true : undefined), 'Failed');
    const pod = sim.store.get('pods', 'shop', 'win-probe') as PodObject;
    expect(pod.spec?.nodeName).toBe('akswin000003');
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({
      state: { terminated: { exitCode: 2, reason: 'Error' } },
    });
  });

  it('kubectl run -i --rm attaches, prints the output, and deletes the pod when it finishes', async () => {
    const result = await kubectl(sim, [
      'run',
      'ig-attach',
      '-i',
      '--rm',
      '--restart=Never',
      '-n',
      'shop',
      '--image=ghcr.io/inspektor-gadget/inspektor-gadget:v0.55.0',
      '--',
      'trace_dns',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"rcode":"NameError"');
    expect(result.stdout).toContain('pod "ig-attach" deleted');
    expect(sim.store.get('pods', 'shop', 'ig-attach')).toBeUndefined();
  });

  it('runs a Windows HostProcess collector pod: bound to its node, exec answers, the zip copies out', async () => {
    const manifest = join(dir, 'winlogs.yaml');
    writeFileSync(
      manifest,
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: winlogs-akswin000003, namespace: kube-system}',
        'spec:',
        '  nodeName: akswin000003',
        '  nodeSelector: {kubernetes.io/os: windows}',
        '  hostNetwork: true',
        '  restartPolicy: Never',
        '  tolerations: [{operator: Exists}]',
        '  securityContext:',
        '    windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM"}',
        '  containers:',
        '  - name: collect',
        '    image: mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0',
        '    command: ["C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe", "-NoProfile", "-Command", "Start-Sleep 3600"]',
        '',
      ].join('\n'),
    );
    expect((await kubectl(sim, ['create', '-f', manifest])).code).toBe(0);
    await eventually(
      () => (phaseOf('kube-system', 'winlogs-akswin000003') === 'Running' ? true : undefined),
      'Running',
    );
    const pod = sim.store.get('pods', 'kube-system', 'winlogs-akswin000003') as PodObject;
    expect(pod.status?.podIP).toBe('10.224.0.7');
    const collect = await kubectl(sim, [
      'exec',
      '-n',
      'kube-system',
      'winlogs-akswin000003',
      '--',
      'powershell.exe',
      '-NoProfile',
      '-Command',
      '& C:\\k\\debug\\collect-windows-logs.ps1',
    ]);
    expect(collect.code).toBe(0);
    expect(collect.stdout).toContain(
      'Logs are available at C:\\k\\debug\\akswin000003-20251120-090000_logs.zip',
    );
    const target = join(dir, 'logs.zip');
    const copy = await kubectl(sim, [
      'cp',
      'kube-system/winlogs-akswin000003:/k/debug/akswin000003-20251120-090000_logs.zip',
      target,
    ]);
    expect(copy.code).toBe(0);
    expect(readFileSync(target)).toEqual(Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64'));
  });

  it('a pod no node accepts stays Pending with a FailedScheduling event', async () => {
    const run = await kubectl(sim, [
      'run',
      'nowhere',
      '-n',
      'shop',
      '--restart=Never',
      '--image=nginx',
      `--overrides=${JSON.stringify({ spec: { nodeSelector: { 'kubernetes.io/os': 'windows' } } })}`,
    ]);
    expect(run.code).toBe(0);
    await eventually(
      () =>
        (sim.store.get('pods', 'shop', 'nowhere') as PodObject).status?.conditions?.length ? true : undefined,
      'PodScheduled condition',
    );
    const described = await kubectl(sim, ['describe', 'pod', '-n', 'shop', 'nowhere']);
    expect(described.stdout).toMatch(/Warning\s+FailedScheduling/);
    expect(described.stdout).toContain('1 node(s) had untolerated taint {os: windows}');
    expect(phaseOf('shop', 'nowhere')).toBe('Pending');
  });
});
