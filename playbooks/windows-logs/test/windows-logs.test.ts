import type {
  DiagnosticPodResult,
  DiagnosticPods,
  DiagnosticPodSpec,
  KubeObject,
  KubeReader,
  Logger,
  PlaybookContext,
} from '@triage/core';
import { KubeError } from '@triage/kube';
import { describe, expect, it } from 'vitest';
import { createWindowsLogsPlaybook, windowsLogsParams } from '../src/index.js';
import { fixtureItems, fixtureText, WIN2019 } from './fixtures.js';

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

function fakeKube(): KubeReader {
  const lists: Record<string, KubeObject[]> = {
    nodes: fixtureItems('kube/nodes.json'),
    pods: fixtureItems('kube/pods.json'),
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

function fakePods(
  answer: (spec: DiagnosticPodSpec) => Promise<DiagnosticPodResult>,
): DiagnosticPods & { specs: DiagnosticPodSpec[] } {
  const specs: DiagnosticPodSpec[] = [];
  return {
    specs,
    images: {
      ig: 'ig',
      gadgetRepository: 'g',
      gadgetTag: 't',
      windowsHostProcess: 'registry.local/hpc-base:v1.0.0',
    },
    run: (spec) => {
      specs.push(spec);
      return answer(spec);
    },
    cleanup: async () => 0,
  };
}

function context(diagnosticPods?: DiagnosticPods): PlaybookContext {
  return {
    kube: fakeKube(),
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
      labels: {},
      annotations: {},
      startsAt: '2026-11-07T14:05:00Z',
    },
    cluster: 'c',
  };
}

const params = windowsLogsParams.parse({ node: WIN2019, windowMinutes: 30 });

describe('windows-logs playbook', () => {
  it('runs one HostProcess collector on the node with the configured image, a deadline and its purpose', async () => {
    const pods = fakePods(async () => ({
      podName: 'triage-windows-logs-0a1b2c3d',
      phase: 'Succeeded',
      exitCode: 0,
      logs: fixtureText('logs/collector-output.txt'),
      truncated: false,
    }));
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
    });
    expect(pods.specs[0]?.command.at(-1)).toContain('AddMinutes(-30)');
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
  });

  it('says when the output was cut at the size limit', async () => {
    const pods = fakePods(async () => ({
      podName: 'p',
      phase: 'Succeeded',
      logs: '==> C:\\k\\kubelet.err.log <==\nI1107 14:00:00.000000 1 x.go:1] "ok"\n',
      truncated: true,
    }));
    const findings = await createWindowsLogsPlaybook().run(context(pods), params);
    const collection = findings.find((f) => f.subject === `node/${WIN2019}`);
    expect(collection).toMatchObject({
      severity: 'ok',
      title: `No known Windows failure signature in the logs of ${WIN2019}`,
    });
    expect(collection?.detail).toContain('cut at the size limit');
  });

  it('turns a collector that cannot be created into an info finding and keeps the object checks', async () => {
    const pods = fakePods(async () => {
      throw new KubeError(
        'TRIAGE_ERR_KUBE_FORBIDDEN',
        'pods is forbidden: cannot create pods in triage-system',
      );
    });
    const findings = await createWindowsLogsPlaybook().run(context(pods), params);
    expect(findings.map((f) => f.title)).toContain(`Could not collect logs from ${WIN2019}`);
    expect(findings[0]?.title).toMatch(/^Pod finance\/reports-7d9c6b5f4-x2kqp cannot start/);
  });

  it('passes a cancellation through instead of reporting it as a finding', async () => {
    const pods = fakePods(async () => {
      throw new KubeError('TRIAGE_ERR_KUBE_ABORTED', 'aborted');
    });
    await expect(createWindowsLogsPlaybook().run(context(pods), params)).rejects.toMatchObject({
      code: 'TRIAGE_ERR_KUBE_ABORTED',
    });
  });
});
