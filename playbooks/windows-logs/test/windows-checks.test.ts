import type { KubeObject } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { windowsChecks } from '../src/windows-checks.js';
import { systemMemoryReserve } from '../src/windows-node-checks.js';

function node(
  name: string,
  os: 'windows' | 'linux',
  extra: { taints?: unknown[]; memory?: [string, string] } = {},
): KubeObject {
  const [capacity, allocatable] = extra.memory ?? ['16Gi', '13Gi'];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/os': os,
        ...(os === 'windows' && { 'node.kubernetes.io/windows-build': '10.0.20348' }),
      },
    },
    spec: { taints: extra.taints ?? [] },
    status: { capacity: { memory: capacity }, allocatable: { memory: allocatable } },
  };
}

function pod(
  name: string,
  nodeName: string,
  image: string,
  extra: {
    nodeSelector?: Record<string, string>;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    waiting?: string;
    owner?: string;
  } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'app',
      labels: extra.labels ?? {},
      annotations: extra.annotations ?? {},
      ...(extra.owner && {
        ownerReferences: [{ kind: extra.owner, name: 'x', apiVersion: 'apps/v1', uid: 'u' }],
      }),
    },
    spec: { nodeName, nodeSelector: extra.nodeSelector ?? {}, containers: [{ name: 'c', image }] },
    status: {
      phase: extra.waiting ? 'Pending' : 'Running',
      containerStatuses: [
        { name: 'c', state: extra.waiting ? { waiting: { reason: extra.waiting } } : { running: {} } },
      ],
    },
  };
}

const WIN = { 'kubernetes.io/os': 'windows' };
const TAINT = [{ key: 'os', value: 'windows', effect: 'NoSchedule' }];
const exporter = (nodeName: string, annotations: Record<string, string> = {}) =>
  pod(
    `windows-exporter-${nodeName.slice(-2)}`,
    nodeName,
    'ghcr.io/prometheus-community/windows-exporter:0.31.3',
    {
      labels: { 'app.kubernetes.io/name': 'prometheus-windows-exporter' },
      annotations,
      owner: 'DaemonSet',
    },
  );
const checksOf = (objects: Parameters<typeof windowsChecks>[0]) =>
  windowsChecks(objects).map((f) => [f.check, f.subject]);

describe('windowsChecks', () => {
  it('reports nothing for a tainted Windows node with a scraped exporter, a 3 GiB reserve and pinned pods', () => {
    expect(
      windowsChecks({
        nodes: [node('win1', 'windows', { taints: TAINT }), node('lin1', 'linux')],
        pods: [
          exporter('win1', { 'prometheus.io/scrape': 'true' }),
          pod('site', 'win1', 'mcr.microsoft.com/windows/servercore:ltsc2022', { nodeSelector: WIN }),
          pod('api', 'lin1', 'nginx:1.27'),
        ],
        monitors: [],
      }),
    ).toEqual([]);
  });

  it('flags a memory reserve under 2 GiB from capacity minus allocatable', () => {
    const findings = windowsChecks({
      nodes: [node('win1', 'windows', { taints: TAINT, memory: ['16Gi', '15564Mi'] })],
      pods: [exporter('win1')],
    });
    expect(findings.map((f) => [f.check, f.title])).toEqual([
      [
        'small-memory-reserve',
        'Windows node win1 keeps only 0.8 GiB of memory for the system (at least 2 GiB advised)',
      ],
    ]);
  });

  it('tells a missing exporter (warning) from one nothing scrapes (info), and accepts a PodMonitor that selects it', () => {
    const nodes = [node('win1', 'windows', { taints: TAINT }), node('win2', 'windows', { taints: TAINT })];
    const monitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'windows-exporter', namespace: 'monitoring' },
      spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus-windows-exporter' } } },
    };
    expect(
      windowsChecks({ nodes, pods: [exporter('win2')], monitors: [] }).map((f) => [
        f.check,
        f.severity,
        f.subject,
      ]),
    ).toEqual([
      ['no-windows-exporter', 'warning', 'node/win1'],
      ['no-windows-exporter', 'info', 'pod/app/windows-exporter-n2'],
    ]);
    expect(checksOf({ nodes, pods: [exporter('win2')], monitors: [monitor] })).toEqual([
      ['no-windows-exporter', 'node/win1'],
    ]);
  });

  it('finds Linux pods on Windows nodes, Windows pods without an OS selector, and an untainted Windows node', () => {
    const findings = windowsChecks({
      nodes: [node('win1', 'windows'), node('lin1', 'linux')],
      pods: [
        exporter('win1'),
        pod('redis', 'win1', 'redis:7.4', { waiting: 'ImagePullBackOff' }),
        pod('site', 'win1', 'mcr.microsoft.com/dotnet/framework/aspnet:4.8.1-windowsservercore-ltsc2022'),
        pod('api', 'lin1', 'nginx:1.27'),
        pod('fluent-bit', 'lin1', 'fluent/fluent-bit:3.2', { owner: 'DaemonSet' }),
      ],
    });
    expect(findings.map((f) => [f.check, f.severity, f.subject])).toEqual([
      ['linux-pod-on-windows', 'critical', 'pod/app/redis'],
      ['no-os-selector', 'warning', 'pod/app/site'],
      ['untainted-windows-node', 'warning', 'node/win1'],
    ]);
    expect(findings[2]?.title).toBe(
      'Windows node win1 has no taint: 1 Linux pods without a kubernetes.io/os nodeSelector can be scheduled onto it',
    );
  });

  it('skips objects it cannot read instead of failing', () => {
    expect(
      windowsChecks({
        nodes: [{ kind: 'Node' } as unknown as KubeObject],
        pods: [{ metadata: {} } as KubeObject],
      }),
    ).toEqual([]);
  });

  it('takes the system memory reserve as capacity − allocatable, in any quantity units', () => {
    const status = (capacity: string, allocatable: string) => ({
      status: { capacity: { memory: capacity }, allocatable: { memory: allocatable } },
    });
    expect(systemMemoryReserve(status('16Gi', '13124436Ki'))).toBe(16 * 1024 ** 3 - 13124436 * 1024);
    expect(systemMemoryReserve(status('4G', '2G'))).toBe(2e9);
    expect(systemMemoryReserve(status('lots', '1Gi'))).toBeUndefined();
  });
});
