import { type Simulator, startSimulator } from '@triage/cluster-sim';
import type { Finding, PlaybookContext } from '@triage/core';
import {
  linuxNodeHistory,
  oomSawtooth,
  openMetricsText,
  type PrometheusServer,
  startPrometheus,
  windowsNodeHistory,
} from '@triage/dev-services';
import { createPrometheusClient } from '@triage/metrics';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeHealthParams, nodeHealthPlaybook } from '../src/index.js';
import { simulatorContext } from './run-in-simulator.js';

const NODE = 'aks-userpool-31415926-vmss000001';
const NEIGHBOUR = 'aks-userpool-31415926-vmss000000';
const WINDOWS_NODE = 'aksnpwin000000';
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const TOTAL = 16375080 * 1024; // the node's capacity.memory (16375080Ki)

let sim: Simulator;
let prometheus: PrometheusServer;
let ctx: PlaybookContext;
let notReadyAt: Date;

/** When the scenario's events (shifted to now by the simulator) say the OOM kills and NotReady happened. */
async function incidentTimes(context: PlaybookContext) {
  const events = await context.kube.list('events', { fieldSelector: `involvedObject.name=${NODE}` });
  const at = (reason: string, field: 'firstTimestamp' | 'lastTimestamp') => {
    const event = events.find((e) => e.reason === reason);
    return { time: new Date(String(event?.[field])), count: Number(event?.count ?? 1) };
  };
  const first = at('OOMKilling', 'firstTimestamp');
  const last = at('OOMKilling', 'lastTimestamp');
  const step = (last.time.getTime() - first.time.getTime()) / (last.count - 1);
  const kills = Array.from({ length: last.count }, (_, i) => new Date(first.time.getTime() + i * step));
  return { kills, notReadyAt: at('NodeNotReady', 'lastTimestamp').time };
}

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'node-notready-memory' });
  ctx = simulatorContext(sim.kubeconfigPath, 'KubeNodeNotReady');
  const times = await incidentTimes(ctx);
  notReadyAt = times.notReadyAt;
  const history = {
    start: new Date(notReadyAt.getTime() - 75 * 60_000),
    stepSeconds: 30,
    memoryTotalBytes: TOTAL,
  };
  prometheus = await startPrometheus({
    openMetrics: openMetricsText([
      // The NotReady node: reports-worker leaks until the kernel kills java, six times; then the
      // exporter goes silent with the kubelet.
      ...linuxNodeHistory({
        ...history,
        end: new Date(notReadyAt.getTime() + 30_000),
        node: NODE,
        address: '10.224.0.7',
        memoryAvailable: oomSawtooth({
          kills: times.kills,
          start: history.start,
          baselineBytes: 11 * GiB,
          reboundBytes: 4 * GiB,
          floorBytes: 90 * MiB,
        }),
        cpuBusy: (t) => (t > (times.kills[0]?.getTime() ?? 0) / 1000 - 1200 ? 0.85 : 0.25),
      }),
      // A Windows node of the windows-mixed scenario, scraped by windows_exporter on port 9182.
      ...windowsNodeHistory({
        ...history,
        end: new Date(),
        node: WINDOWS_NODE,
        address: '10.224.0.6',
        memoryAvailable: (t) => (t > Date.now() / 1000 - 1200 ? 1.5 * GiB : 7 * GiB),
      }),
      // Its neighbour keeps running, with plenty of memory: its series must not leak into the chart.
      ...linuxNodeHistory({
        ...history,
        end: new Date(),
        node: NEIGHBOUR,
        address: '10.224.0.6',
        memoryAvailable: () => 6 * GiB,
      }),
    ]),
  });
  ctx = { ...ctx, metrics: createPrometheusClient({ url: prometheus.url }) };
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  await sim?.close();
});

/** Pixels of the chart's first series colour (Vega's #4c78a8), as [x, y]. */
function seriesPixels(png: PNG): [number, number][] {
  const out: [number, number][] = [];
  for (let y = 0; y < png.height; y += 1)
    for (let x = 0; x < png.width; x += 1) {
      const i = (y * png.width + x) * 4;
      const d =
        Math.abs((png.data[i] ?? 0) - 0x4c) +
        Math.abs((png.data[i + 1] ?? 0) - 0x78) +
        Math.abs((png.data[i + 2] ?? 0) - 0xa8);
      if (d < 30) out.push([x, y]);
    }
  return out;
}

describe('node-health with a real Prometheus holding node_exporter history (node-notready-memory)', () => {
  let findings: Finding[];

  beforeAll(async () => {
    findings = await nodeHealthPlaybook.run(ctx, nodeHealthParams.parse({ node: NODE }));
  }, 120_000);

  it('still ranks the NotReady diagnosis first', () => {
    expect(findings[0]?.severity).toBe('critical');
    expect(findings[0]?.title).toMatch(new RegExp(`^Node ${NODE} is NotReady`));
  });

  it('adds a memory finding with the figures of the hour before the NotReady', () => {
    const memory = findings.find((f) => f.title.startsWith(`Memory of ${NODE}`));
    expect(memory?.severity).toBe('warning');
    expect(memory?.title).toMatch(
      new RegExp(
        `^Memory of ${NODE} since the hour before it went NotReady: used peaked at 9\\d(\\.\\d)? % \\(\\d+ MiB available at \\d\\d:\\d\\d\\)$`,
      ),
    );
    const text = memory?.evidence.map((e) => `${e.source}: ${e.text}`).join('\n') ?? '';
    expect(text).toMatch(
      /Prometheus node_exporter memory: used 4\.\d\d GiB \(\d\d %\) at \d\d:\d\d → peak 15\.\d\d GiB \(9\d(\.\d)? % of 15\.62 GiB/,
    );
    expect(text).toMatch(/no samples after about \d\d:\d\d \(exporter unreachable\)/);
    expect(text).toMatch(/Prometheus node_exporter CPU: CPU busy peaked at 8[5-9] %/);
    expect(text).toMatch(
      /Prometheus node_exporter disk: root filesystem free 60 % at \d\d:\d\d → lowest 60 %/,
    );
    expect(text).toMatch(/Prometheus node_exporter network: receive peaked at 2\.00 MiB\/s/);
  });

  it('attaches the memory chart as a PNG whose line climbs towards the OOM kills', () => {
    const memory = findings.find((f) => f.title.startsWith(`Memory of ${NODE}`));
    const [chart] = memory?.attachments ?? [];
    expect(chart).toMatchObject({
      filename: `memory-${NODE}.png`,
      contentType: 'image/png',
      encoding: 'base64',
    });
    const png = PNG.sync.read(Buffer.from(chart?.content ?? '', 'base64'));
    expect(png.width).toBeGreaterThan(1400);
    expect(png.height).toBeGreaterThan(550);
    const line = seriesPixels(png);
    expect(line.length).toBeGreaterThan(1000);
    // Used memory climbs: the line's left end sits lower on the image (larger y) than its highest point.
    const xs = line.map(([x]) => x);
    const left = Math.min(...xs);
    const leftYs = line.filter(([x]) => x < left + 20).map(([, y]) => y);
    const topY = Math.min(...line.map(([, y]) => y));
    expect(Math.min(...leftYs) - topY).toBeGreaterThan(png.height / 3);
  });

  it('says so, without failing, when Prometheus does not answer', async () => {
    const down = { ...ctx, metrics: createPrometheusClient({ url: 'http://127.0.0.1:9', timeoutMs: 2_000 }) };
    const result = await nodeHealthPlaybook.run(down, nodeHealthParams.parse({ node: NODE }));
    const note = result.find((f) => f.title === `Prometheus metrics for ${NODE} are unavailable`);
    expect(note?.severity).toBe('info');
    expect(note?.evidence[0]?.text).toMatch(/unreachable/);
    expect(result[0]?.severity).toBe('critical');
  });

  it('says Prometheus has no data when the node is not scraped', async () => {
    const result = await nodeHealthPlaybook.run(
      ctx,
      nodeHealthParams.parse({ node: 'aks-nodepool1-31415926-vmss000000' }),
    );
    const note = result.find((f) => f.title.startsWith('Prometheus has no node_exporter memory data'));
    expect(note?.severity).toBe('info');
    expect(note?.remediation?.steps[0]).toContain('node_exporter');
  });
});

describe('node-health with a real Prometheus holding windows_exporter history (windows-mixed)', () => {
  it('charts a Windows node from windows_exporter on port 9182', async () => {
    const windowsSim = await startSimulator({ scenario: 'windows-mixed' });
    try {
      const windowsCtx = {
        ...simulatorContext(windowsSim.kubeconfigPath, 'run node-health'),
        metrics: createPrometheusClient({ url: prometheus.url }),
      };
      const findings = await nodeHealthPlaybook.run(
        windowsCtx,
        nodeHealthParams.parse({ node: WINDOWS_NODE }),
      );
      const memory = findings.find((f) => f.title.startsWith(`Memory of ${WINDOWS_NODE}`));
      expect(memory?.severity).toBe('warning');
      expect(memory?.title).toMatch(/used peaked at 90 % \(1\.50 GiB available at \d\d:\d\d\)$/);
      expect(memory?.evidence.map((e) => e.source)).toEqual([
        'Prometheus windows_exporter memory',
        'Prometheus windows_exporter CPU',
        'Prometheus windows_exporter disk',
        'Prometheus windows_exporter network',
      ]);
      expect(memory?.evidence[3]?.text).toMatch(/^receive peaked at 2\.00 MiB\/s/);
      const png = PNG.sync.read(Buffer.from(memory?.attachments?.[0]?.content ?? '', 'base64'));
      expect(seriesPixels(png).length).toBeGreaterThan(1000);
    } finally {
      await windowsSim.close();
    }
  }, 120_000);
});
