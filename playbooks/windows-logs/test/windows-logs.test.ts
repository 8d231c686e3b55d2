import type {
  DiagnosticPodResult,
  DiagnosticPodSpec,
  DiagnosticPods,
  KubeObject,
  KubeReader,
  PlaybookContext,
  RunningDiagnosticPod,
} from '@triage/core';
import { silentLog } from '@triage/dev-services';
import { KubeError } from '@triage/kube';
import { describe, expect, it } from 'vitest';
import { createWindowsLogsPlaybook, windowsLogsParams } from '../src/index.js';
import { fixtureItems, fixtureText, WIN2019 } from './fixtures.js';

function fakeKube(extraPods: KubeObject[] = []): KubeReader {
  const lists: Record<string, KubeObject[]> = {
    nodes: fixtureItems('kube/nodes.json'),
    pods: [...fixtureItems('kube/pods.json'), ...extraPods],
    events: fixtureItems('kube/events.json'),
    runtimeclasses: fixtureItems('kube/runtimeclasses.json'),
  };
  return {
    get: async (resource, name) => lists[resource]?.find((o) => o.metadata.name === name),
    list: async (resource, options) => {
      const items = lists[resource] ?? [];
      const node = options?.fieldSelector?.match(/^spec\.nodeName=(.+)$/)?.[1];
      return node ? items.filter((o) => (o.spec as { nodeName?: string }).nodeName === node) : items;
    },
  };
}

/** How the fake collector answers: its stdout (and whether cut), the archive copy, or no running pod at all. */
interface FakeCollector {
  stdout?: string;
  truncated?: boolean;
  copy?: () => Promise<{ name: string; content: Uint8Array }>;
  neverRuns?: boolean;
  fail?: Error;
}

const ARCHIVE = 'C:\\k\\debug\\triage-20261107-140400.tar';
const archiveBytes = Buffer.from('fake tar bytes');
const archiveSection = (bytes: number) =>
  `==> archive <==\n${ARCHIVE}\t${bytes}\nkubeproxy.err.log\t9000000\nSystem-events.txt\t4000\n`;

function fakePods(
  collector: FakeCollector,
): DiagnosticPods & { specs: DiagnosticPodSpec[]; execs: string[][]; copies: string[] } {
  const specs: DiagnosticPodSpec[] = [];
  const execs: string[][] = [];
  const copies: string[] = [];
  const pod: RunningDiagnosticPod = {
    podName: 'triage-windows-logs-0a1b2c3d',
    exec: async (command) => {
      execs.push(command);
      return {
        stdout: Buffer.from(execs.length === 1 ? (collector.stdout ?? '') : ''),
        stderr: '',
        ...(!collector.truncated && { exitCode: 0 }),
        truncated: collector.truncated ?? false,
        timedOut: false,
      };
    },
    copyFile: async (path) => {
      copies.push(path);
      return collector.copy
        ? collector.copy()
        : { name: 'k/debug/triage-20261107-140400.tar', content: archiveBytes };
    },
  };
  return {
    specs,
    execs,
    copies,
    images: {
      ig: 'ig',
      gadgetRepository: 'g',
      gadgetTag: 't',
      windowsHostProcess: 'registry.local/hpc-base:v1.0.0',
    },
    run: async (spec): Promise<DiagnosticPodResult> => {
      specs.push(spec);
      if (collector.fail) throw collector.fail;
      if (!collector.neverRuns) await spec.whileRunning?.(pod);
      return {
        podName: pod.podName,
        phase: collector.neverRuns ? 'Pending' : 'Running',
        logs: '',
        truncated: false,
      };
    },
    cleanup: async () => 0,
  };
}

function context(diagnosticPods?: DiagnosticPods, extraPods: KubeObject[] = []): PlaybookContext {
  return {
    kube: fakeKube(extraPods),
    ...(diagnosticPods && { diagnosticPods }),
    clock: () => new Date('2026-11-07T14:05:00Z'),
    log: silentLog,
    signal: new AbortController().signal,
    progress: async () => {},
    trigger: {
      source: 'cli',
      key: 'test',
      status: 'firing',
      name: 'run windows-logs',
      cluster: 'c',
      requestedBy: 'U024BE7LH',
      labels: {},
      annotations: {},
      startsAt: '2026-11-07T14:05:00Z',
    },
    cluster: 'c',
  };
}

const params = windowsLogsParams.parse({ node: WIN2019, windowMinutes: 30 });

describe('windows-logs playbook', () => {
  it('runs one keep-alive HostProcess pod, execs the collector into it and attaches the copied archive', async () => {
    const pods = fakePods({ stdout: `${fixtureText('logs/collector-output.txt')}${archiveSection(30_720)}` });
    const findings = await createWindowsLogsPlaybook({ collectorDeadlineSeconds: 45 }).run(
      context(pods),
      params,
    );
    expect(pods.specs).toHaveLength(1);
    expect(pods.specs[0]).toMatchObject({
      node: WIN2019,
      os: 'windows',
      image: 'registry.local/hpc-base:v1.0.0',
      deadlineSeconds: 45,
      purpose: 'windows-logs',
      requestedBy: 'U024BE7LH',
    });
    expect(pods.specs[0]?.command.at(-1)).toBe('Start-Sleep -Seconds 45');
    expect(pods.execs[0]?.at(-1)).toContain('AddMinutes(-30)');
    expect(pods.copies).toEqual([ARCHIVE]);
    expect(pods.execs[1]?.at(-1)).toBe(`Remove-Item -LiteralPath '${ARCHIVE}' -Force`);
    expect(findings.map((f) => f.severity)).toEqual([
      'critical',
      'critical',
      'warning',
      'info',
      'info',
      'info',
    ]);
    expect(findings[2]?.title).toBe('kubelet on akswinpool000002 reports PLEG is not healthy (1 time)');
    expect(findings[0]?.title).toMatch(/^kube-proxy on akswinpool000002 cannot program HNS/);
    expect(findings[1]?.title).toMatch(/^Pod finance\/reports-7d9c6b5f4-x2kqp cannot start/);
    const collection = findings.find((f) => f.title.startsWith('Collected node logs'));
    expect(collection?.attachments?.map((a) => [a.filename, a.contentType, a.encoding])).toEqual([
      [`windows-logs-${WIN2019}.txt`, 'text/plain', 'utf8'],
      [`${WIN2019}-triage-20261107-140400.tar`, 'application/x-tar', 'base64'],
    ]);
    expect(Buffer.from(collection?.attachments?.[1]?.content ?? '', 'base64').equals(archiveBytes)).toBe(
      true,
    );
    expect(collection?.detail).toContain(
      'triage-20261107-140400.tar (14 B, 2 files) was copied out and is attached',
    );
  });

  it('leaves an archive over 8 MiB on the node and says where it is and what was left out', async () => {
    const pods = fakePods({
      stdout: `${fixtureText('logs/collector-output.txt')}${archiveSection(9_500_000)}`,
    });
    const findings = await createWindowsLogsPlaybook().run(context(pods), params);
    expect(pods.copies).toEqual([]);
    const collection = findings.find((f) => f.title.startsWith('Collected node logs'));
    expect(collection?.attachments).toHaveLength(1);
    expect(collection?.detail).toContain(
      `The archive ${ARCHIVE} (9.1 MiB) is larger than the 8.0 MiB attachment limit and stays on the node. Left out of this thread: the whole archive — kubeproxy.err.log (8.6 MiB), System-events.txt (4 KiB)`,
    );
    expect(collection?.remediation?.steps[0]).toContain(
      'kubectl cp <pod>:/k/debug/triage-20261107-140400.tar ./',
    );
  });

  it('says why no archive came when the copy fails, and keeps the text', async () => {
    const pods = fakePods({
      stdout: `${fixtureText('logs/collector-output.txt')}${archiveSection(30_720)}`,
      copy: async () => {
        throw new KubeError('TRIAGE_ERR_KUBE_COPY_FAILED', 'tar exited 2: Cannot stat');
      },
    });
    const findings = await createWindowsLogsPlaybook().run(context(pods), params);
    const collection = findings.find((f) => f.title.startsWith('Collected node logs'));
    expect(collection?.detail).toContain(
      `No archive was copied: tar exited 2: Cannot stat. It stays on the node at ${ARCHIVE}.`,
    );
    expect(collection?.attachments).toHaveLength(1);
  });

  it('does not copy an archive path the collector did not name the collector way', async () => {
    const pods = fakePods({ stdout: '==> archive <==\nC:\\Windows\\System32\\config\\SAM\t1000\n' });
    const findings = await createWindowsLogsPlaybook().run(context(pods), params);
    expect(pods.copies).toEqual([]);
    const collection = findings.find((f) => f.subject === `node/${WIN2019}` && f.attachments);
    expect(collection?.detail).toContain('No archive was copied: the collector reported no archive');
  });

  it('says when the output was cut at the size limit', async () => {
    const pods = fakePods({
      stdout: '==> C:\\k\\kubelet.err.log <==\nI1107 14:00:00.000000 1 x.go:1] "ok"\n',
      truncated: true,
    });
    const findings = await createWindowsLogsPlaybook().run(context(pods), params);
    const collection = findings.find((f) => f.subject === `node/${WIN2019}`);
    expect(collection).toMatchObject({
      severity: 'ok',
      title: `No known Windows failure signature in the logs of ${WIN2019}`,
    });
    expect(collection?.detail).toContain('cut at the size limit');
    expect(collection?.detail).toContain('the collector was stopped before it packed the archive');
  });

  it('reports a collector pod that never ran', async () => {
    const findings = await createWindowsLogsPlaybook().run(context(fakePods({ neverRuns: true })), params);
    const collection = findings.find((f) => f.title === `Could not collect logs from ${WIN2019}`);
    expect(collection?.detail).toContain(
      'the collector pod triage-windows-logs-0a1b2c3d never ran (Pending)',
    );
  });

  it('turns a collector that cannot be created into an info finding and keeps the object checks', async () => {
    const pods = fakePods({
      fail: new KubeError(
        'TRIAGE_ERR_KUBE_FORBIDDEN',
        'pods is forbidden: cannot create pods in triage-system',
      ),
    });
    const findings = await createWindowsLogsPlaybook().run(context(pods), params);
    expect(findings.map((f) => f.title)).toContain(`Could not collect logs from ${WIN2019}`);
    expect(findings[0]?.title).toMatch(/^Pod finance\/reports-7d9c6b5f4-x2kqp cannot start/);
  });

  it('passes a cancellation through instead of reporting it as a finding', async () => {
    const pods = fakePods({ fail: new KubeError('TRIAGE_ERR_KUBE_ABORTED', 'aborted') });
    await expect(createWindowsLogsPlaybook().run(context(pods), params)).rejects.toMatchObject({
      code: 'TRIAGE_ERR_KUBE_ABORTED',
    });
  });

  it('finds a Linux pod stuck on the Windows node and a Windows pod there without an OS selector', async () => {
    const pod = (name: string, image: string, waiting?: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'tools' },
      spec: { nodeName: WIN2019, containers: [{ name: 'c', image }] },
      status: {
        phase: waiting ? 'Pending' : 'Running',
        containerStatuses: [
          { name: 'c', state: waiting ? { waiting: { reason: waiting } } : { running: {} } },
        ],
      },
    });
    const findings = await createWindowsLogsPlaybook().run(
      context(undefined, [
        pod('redis-0', 'redis:7.4', 'ImagePullBackOff'),
        pod('agent-1', 'mcr.microsoft.com/windows/nanoserver:ltsc2019'),
      ]),
      params,
    );
    expect(findings.map((f) => f.title)).toEqual(
      expect.arrayContaining([
        `Linux pod tools/redis-0 landed on Windows node ${WIN2019} and cannot pull its image`,
        `Windows pod tools/agent-1 has no kubernetes.io/os nodeSelector or RuntimeClass: it runs on ${WIN2019} by chance and may land on a Linux node next time`,
      ]),
    );
  });
});
