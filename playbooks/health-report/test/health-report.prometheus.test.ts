import { type Simulator, startSimulator } from '@triage/cluster-sim';
import type { Finding, PlaybookContext } from '@triage/core';
import {
  linuxNodeHistory,
  type NodeHistoryOptions,
  openMetricsText,
  type PrometheusServer,
  scenarioNodeHistory,
  simulatorContext,
  startPrometheus,
  windowsNodeHistory,
} from '@triage/dev-services';
import { createPrometheusClient } from '@triage/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHealthReportPlaybook,
  createMemoryReportHistory,
  ON_DEMAND,
  reportScopes,
} from '../src/index.js';

// windows-mixed has two Linux nodes (10.224.0.4, .5) and four Windows nodes (10.224.0.6–.9).
const LINUX_0 = 'aks-nodepool1-31415926-vmss000000';
const LINUX_1 = 'aks-nodepool1-31415926-vmss000001';
const GiB = 1024 ** 3;
const TOTAL = 16 * GiB;
const DISK = 128 * GiB;

let sim: Simulator;
let prometheus: PrometheusServer;

/** Two hours of exporter history, 30 s apart, ending now; steady and healthy unless told otherwise. */
function history(node: string, address: string, now: Date, more: Partial<NodeHistoryOptions> = {}) {
  return {
    node,
    address,
    start: new Date(now.getTime() - 2 * 3_600_000),
    end: now,
    stepSeconds: 30,
    memoryTotalBytes: TOTAL,
    memoryAvailable: () => 0.5 * TOTAL,
    diskTotalBytes: DISK,
    ...more,
  };
}

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'windows-mixed' });
  const now = new Date();
  const nowSeconds = now.getTime() / 1000;
  prometheus = await startPrometheus({
    openMetrics: openMetricsText([
      // Short of memory for the whole two hours: 95 % used.
      ...linuxNodeHistory(history(LINUX_0, '10.224.0.4', now, { memoryAvailable: () => 0.05 * TOTAL })),
      // The root filesystem loses 10 % of the disk an hour: 75 % full now, full in 2.5 h.
      ...linuxNodeHistory(
        history(LINUX_1, '10.224.0.5', now, {
          diskFree: (t) => DISK * (0.25 + (0.1 * (nowSeconds - t)) / 3600),
        }),
      ),
      // C: 96 % full and steady.
      ...windowsNodeHistory(history('aksnpwin000000', '10.224.0.6', now, { diskFree: () => 0.04 * DISK })),
      // 93 % of its memory used all along.
      ...windowsNodeHistory(
        history('aksnpwin000001', '10.224.0.7', now, { memoryAvailable: () => 0.07 * TOTAL }),
      ),
      // Healthy.
      ...windowsNodeHistory(history('akswin22000000', '10.224.0.8', now)),
      // Short of memory only for the last 10 minutes: not the whole hour.
      ...windowsNodeHistory(
        history('akswin22000001', '10.224.0.9', now, {
          memoryAvailable: (t) => (t > nowSeconds - 600 ? 0.03 : 0.5) * TOTAL,
        }),
      ),
      // A machine outside the cluster, full of everything: no node of the report.
      ...linuxNodeHistory(
        history('build-agent', '10.9.9.9', now, {
          memoryAvailable: () => 0.01 * TOTAL,
          diskFree: () => 0.01 * DISK,
        }),
      ),
    ]),
  });
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  await sim?.close();
});

function context(metricsUrl: string): PlaybookContext {
  return {
    ...simulatorContext(sim.kubeconfigPath, { triggerName: 'health-report' }),
    metrics: createPrometheusClient({ url: metricsUrl }),
  };
}

const titled = (findings: Finding[], start: string) => findings.find((f) => f.title.startsWith(start));

describe('health report with a real Prometheus (windows-mixed, backfilled exporter history)', () => {
  it('lists the nodes short of memory all hour and the filesystems full or filling, from node_exporter and windows_exporter', async () => {
    const history = createMemoryReportHistory();
    const playbook = createHealthReportPlaybook({ history });
    const ctx = context(prometheus.url);
    const findings = await playbook.run(ctx, playbook.params.parse({}));
    const saved = await history.previous(`${ctx.cluster}:@latest`, new Date(Date.now() + 60_000));
    const fromPrometheus = saved?.items.filter((k) => /^node-(memory|disk):/.test(k));
    expect(fromPrometheus).toEqual([
      `node-memory:node/${LINUX_0}`,
      'node-memory:node/aksnpwin000001',
      `node-disk:node/${LINUX_1}:/`,
      'node-disk:node/aksnpwin000000:C:',
    ]);
    expect(titled(findings, '2 nodes short of memory')?.detail).toBe(
      [
        `[new] Node ${LINUX_0} used over 95 % of its memory for the whole last hour`,
        '[new] Node aksnpwin000001 used over 93 % of its memory for the whole last hour',
      ].join('\n'),
    );
    expect(titled(findings, '2 filesystems full or filling')?.detail).toBe(
      [
        `[new] Node ${LINUX_1}: / is 75 % full, full within 24 h at the last hour's pace`,
        '[new] Node aksnpwin000000: C: is 96 % full',
      ].join('\n'),
    );
    expect(findings.some((f) => f.title.includes('Prometheus did not answer'))).toBe(false);
  }, 120_000);

  it('without a Prometheus answer the report still comes, with an info finding saying the trends are missing', async () => {
    const playbook = createHealthReportPlaybook();
    const ctx = context('http://127.0.0.1:9'); // discard port: nothing listens
    const findings = await playbook.run(ctx, playbook.params.parse({}));
    expect(findings[0]?.title).toMatch(/^Health report .*: \d+ need attention/);
    expect(findings.some((f) => f.title.startsWith('2 nodes short of memory'))).toBe(false);
    expect(titled(findings, 'Memory and disk trends left out')).toMatchObject({ severity: 'info' });
  }, 120_000);
});

describe('health report with a real Prometheus on node-notready-memory', () => {
  it('lists exactly the scenario items plus a data disk filling up: the OOM sawtooth is no hour-long shortage', async () => {
    const incident = await startSimulator({ scenario: 'node-notready-memory' });
    let server: PrometheusServer | undefined;
    try {
      const ctx = simulatorContext(incident.kubeconfigPath, { triggerName: 'health-report' });
      const now = new Date();
      const history = await scenarioNodeHistory(ctx.kube, now);
      // A data disk of a healthy node losing 5 % of its size an hour, 80 % full now: full within 24 h, not yet 90 %.
      const start = Math.floor(now.getTime() / 1000) - 7200;
      const samples = Array.from({ length: 241 }, (_, i): [number, number] => {
        const t = start + i * 30;
        return [t, Math.round(DISK * (0.3 - (0.05 * (t - start)) / 3600))];
      });
      const dataDisk = {
        instance: '10.224.0.4:9100',
        job: 'node-exporter',
        node: 'aks-nodepool1-31415926-vmss000000',
        device: '/dev/sdb1',
        fstype: 'ext4',
        mountpoint: '/mnt/data',
      };
      const extra = openMetricsText([
        {
          name: 'node_filesystem_avail_bytes',
          type: 'gauge',
          help: 'Filesystem space available to non-root users in bytes.',
          series: [{ labels: dataDisk, samples }],
        },
        {
          name: 'node_filesystem_size_bytes',
          type: 'gauge',
          help: 'Filesystem size in bytes.',
          series: [{ labels: dataDisk, samples: samples.map(([t]) => [t, DISK]) }],
        },
      ]);
      server = await startPrometheus({ openMetrics: history.replace(/# EOF\n$/, '') + extra });
      const reports = createMemoryReportHistory();
      const playbook = createHealthReportPlaybook({ history: reports });
      const findings = await playbook.run(
        { ...ctx, metrics: createPrometheusClient({ url: server.url }) },
        playbook.params.parse({}),
      );
      const [scope] = reportScopes(ctx.cluster, ON_DEMAND, undefined).saveTo;
      expect((await reports.previous(scope ?? '', new Date(Date.now() + 60_000)))?.items).toEqual([
        'node-not-ready:node/aks-userpool-31415926-vmss000001',
        'node-disk:node/aks-nodepool1-31415926-vmss000000:/mnt/data',
        'pod-oom-killed:pod/reporting/reports-worker-j6hsg8768p-2tt7m',
        'pod-oom-killed:pod/reporting/reports-worker-j6hsg8768p-gk98h',
      ]);
      expect(titled(findings, '1 filesystem full or filling')?.detail).toMatch(
        /^\[new\] Node aks-nodepool1-31415926-vmss000000: \/mnt\/data is (79|80) % full, full within 24 h at the last hour's pace$/,
      );
    } finally {
      await server?.stop();
      await incident.close();
    }
  }, 120_000);
});
