import {
  linuxNodeHistory,
  openMetricsText,
  type PrometheusServer,
  startPrometheus,
  windowsNodeHistory,
} from '@triage/dev-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, MetricsError, metricsErrorCodes } from '../src/index.js';

const GiB = 1024 ** 3;
// Whole minutes, so that the query steps land on the samples.
const end = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
const start = new Date(end.getTime() - 60 * 60_000);
const history = { start, end, stepSeconds: 30, memoryTotalBytes: 16 * GiB };
let prometheus: PrometheusServer;

beforeAll(async () => {
  prometheus = await startPrometheus({
    openMetrics: openMetricsText([
      // Available memory falls by 1 GiB every 10 minutes: 12 GiB at `start`, 6 GiB at `end`.
      ...linuxNodeHistory({
        ...history,
        node: 'aks-userpool-31415926-vmss000001',
        address: '10.224.0.7',
        memoryAvailable: (t) => 12 * GiB - ((t - start.getTime() / 1000) / 600) * GiB,
        cpuBusy: () => 0.5,
      }),
      ...windowsNodeHistory({
        ...history,
        node: 'aksnpwin000000',
        address: '10.224.0.6',
        memoryAvailable: () => 3 * GiB,
      }),
    ]),
  });
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
});

describe('createPrometheusClient against a real Prometheus with backfilled node_exporter and windows_exporter data', () => {
  it('reads the hour of memory the backfill holds, one point per step', async () => {
    const metrics = createPrometheusClient({ url: prometheus.url });
    const series = await metrics.queryRange(
      'node_memory_MemAvailable_bytes{node="aks-userpool-31415926-vmss000001"}',
      { start, end, stepSeconds: 300 },
    );
    expect(series).toHaveLength(1);
    expect(series[0]?.labels.instance).toBe('10.224.0.7:9100');
    expect(series[0]?.points.map(([, v]) => v / GiB)).toEqual([
      12, 11.5, 11, 10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7, 6.5, 6,
    ]);
    expect(series[0]?.points[0]?.[0]).toBe(start.getTime() / 1000);
  });

  it('computes CPU busy from the node_cpu_seconds_total counters', async () => {
    const metrics = createPrometheusClient({ url: prometheus.url });
    const [busy] = await metrics.query(
      '1 - avg(rate(node_cpu_seconds_total{instance="10.224.0.7:9100",mode="idle"}[5m]))',
      { time: end },
    );
    expect(busy?.points[0]?.[1]).toBeCloseTo(0.5, 5);
  });

  it('finds a Windows node by its windows_exporter address on port 9182', async () => {
    const metrics = createPrometheusClient({ url: prometheus.url });
    const series = await metrics.query('windows_memory_available_bytes{instance=~"10.224.0.6:9182"}', {
      time: end,
    });
    expect(series.map((s) => s.points[0]?.[1])).toEqual([3 * GiB]);
    const cpu = await metrics.query('count(windows_cpu_time_total{instance="10.224.0.6:9182"})', {
      time: end,
    });
    expect(cpu[0]?.points[0]?.[1]).toBe(16);
  });

  it('passes on Prometheus own error for bad PromQL', async () => {
    const err = await createPrometheusClient({ url: prometheus.url })
      .query('rate(node_cpu_seconds_total[5m]')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetricsError);
    expect((err as MetricsError).code).toBe(metricsErrorCodes.badQuery);
    expect((err as MetricsError).message).toContain('bad_data');
  });
});
