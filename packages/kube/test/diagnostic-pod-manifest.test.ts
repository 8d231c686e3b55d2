import { describe, expect, it } from 'vitest';
import { diagnosticPodManifest, diagnosticPodName } from '../src/diagnostic-pod-manifest.js';

const where = {
  namespace: 'triage-system',
  name: 'triage-windows-logs-0a1b2c3d',
  now: new Date('2025-03-04T08:00:00Z'),
};

describe('diagnosticPodManifest', () => {
  it('builds a HostProcess pod for Windows nodes: SYSTEM, host network, Windows node selector', () => {
    const pod = diagnosticPodManifest(
      {
        node: 'akswin000003',
        os: 'windows',
        image: 'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0',
        command: [
          'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
          '-NoProfile',
          '-Command',
          'Get-HnsNetwork',
        ],
        deadlineSeconds: 120,
        purpose: 'windows-logs',
      },
      where,
    );
    expect(pod.spec).toMatchObject({
      nodeName: 'akswin000003',
      nodeSelector: { 'kubernetes.io/os': 'windows' },
      hostNetwork: true,
      restartPolicy: 'Never',
      activeDeadlineSeconds: 120,
      tolerations: [{ operator: 'Exists' }],
      securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
    });
    expect(pod.spec).not.toHaveProperty('hostPID');
    expect(pod.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'triage',
      'triage.dev/purpose': 'windows-logs',
      'triage.dev/created-at': '1741075200',
    });
  });

  it('mounts what ig needs on Linux: host root at /host, /run, debugfs and bpffs, privileged with host PID and network', () => {
    const pod = diagnosticPodManifest(
      {
        node: 'aks-np1-0',
        os: 'linux',
        image: 'ghcr.io/inspektor-gadget/ig:v0.55.0',
        command: ['ig'],
        deadlineSeconds: 60,
        purpose: 'trace-dns',
      },
      where,
    );
    const spec = pod.spec as {
      containers: { volumeMounts: { mountPath: string }[]; env: unknown[] }[];
      volumes: { hostPath: { path: string } }[];
    };
    expect(pod.spec).toMatchObject({
      hostPID: true,
      hostNetwork: true,
      containers: [{ securityContext: { privileged: true } }],
    });
    expect(spec.volumes.map((v) => v.hostPath.path)).toEqual([
      '/',
      '/run',
      '/sys/kernel/debug',
      '/sys/fs/bpf',
    ]);
    expect(spec.containers[0]?.volumeMounts.map((m) => m.mountPath)).toEqual([
      '/host',
      '/run',
      '/sys/kernel/debug',
      '/sys/fs/bpf',
    ]);
    expect(spec.containers[0]?.env).toEqual([{ name: 'HOST_ROOT', value: '/host' }]);
  });

  it('turns free-text purposes into valid names and label values', () => {
    expect(diagnosticPodName('Trace TCP / storefront!', 'deadbeef')).toBe(
      'triage-trace-tcp-storefront-deadbeef',
    );
    expect(diagnosticPodName('', 'deadbeef')).toBe('triage-diag-deadbeef');
    const pod = diagnosticPodManifest(
      {
        node: 'n',
        os: 'linux',
        image: 'i',
        command: [],
        deadlineSeconds: 1,
        purpose: '--weird purpose: x--',
      },
      where,
    );
    expect(pod.metadata.labels?.['triage.dev/purpose']).toBe('weird-purpose-x');
  });
});
