import type { MetricRangeOptions, Metrics } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { metricsFinding } from '../src/metrics-finding.js';
import { assessNode } from '../src/node-health.js';
import { NOW, nodeFixture } from './fixtures.js';

const GiB = 1024 ** 3;

/** Answers each range query with a line chosen by the metric it names; records the queries. */
function fakeMetrics(lines: Record<string, (t: number) => number>) {
  const asked: string[] = [];
  const metrics: Metrics = {
    async queryRange(promql: string, range: MetricRangeOptions) {
      asked.push(promql);
      const metric = Object.keys(lines).find((name) => promql.includes(name));
      if (!metric) return [];
      const points: [number, number][] = [];
      for (let t = range.start.getTime() / 1000; t <= range.end.getTime() / 1000; t += range.stepSeconds)
        points.push([t, lines[metric]?.(t) ?? 0]);
      return [{ labels: {}, points }];
    },
    async query() {
      return [];
    },
  };
  return { metrics, asked };
}

const windowsNode = () =>
  assessNode(
    { node: nodeFixture('node-windows'), pods: [], events: [], podMetrics: [] },
    NOW,
    'run node-health',
  );

describe('metricsFinding', () => {
  it('reads windows_exporter for a Windows node and reports its memory as info when it has room', async () => {
    const { metrics, asked } = fakeMetrics({
      windows_memory_available_bytes: () => 10 * GiB,
      windows_cs_physical_memory_bytes: () => 16 * GiB,
    });
    const finding = await metricsFinding(
      metrics,
      windowsNode(),
      '2026-11-22T11:30:00Z',
      AbortSignal.timeout(10_000),
    );
    expect(asked.every((q) => q.includes(':9182') && q.includes('akswin000002'))).toBe(true);
    expect(finding.severity).toBe('info');
    expect(finding.title).toBe(
      'Memory of akswin000002 since the hour before the alert fired: used peaked at 38 % (10.00 GiB available at 10:30)',
    );
    expect(finding.evidence.map((e) => e.source)).toEqual(['Prometheus windows_exporter memory']);
    expect(finding.attachments?.[0]).toMatchObject({
      filename: 'memory-akswin000002.png',
      contentType: 'image/png',
    });
  });

  it('leads with the disk on a node whose trouble is disk only, charting the share used', async () => {
    const h = assessNode(
      { node: nodeFixture('node-disk-pressure'), pods: [], events: [], podMetrics: [] },
      NOW,
      'KubeNodeDiskPressure',
    );
    const start = NOW.getTime() / 1000 - 3 * 3600;
    const { metrics } = fakeMetrics({
      node_memory_MemAvailable_bytes: () => 9 * GiB,
      node_memory_MemTotal_bytes: () => 16 * GiB,
      // Free share of the root filesystem falls from 40 % to 4 % over three hours.
      node_filesystem_avail_bytes: (t) => 0.4 - (0.36 * (t - start)) / (3 * 3600),
    });
    const finding = await metricsFinding(metrics, h, undefined, AbortSignal.timeout(10_000));
    expect(finding.severity).toBe('warning');
    expect(finding.title).toMatch(
      /^Disk of aks-userpool-27182818-vmss000004 since the hour before DiskPressure began: root filesystem free fell to \d+ % \(at \d\d:\d\d\)$/,
    );
    expect(finding.evidence.map((e) => e.source)).toEqual([
      'Prometheus node_exporter disk',
      'Prometheus node_exporter memory',
    ]);
    expect(finding.attachments?.[0]?.filename).toBe('disk-aks-userpool-27182818-vmss000004.png');
  });

  it('asks for the hour before the incident at a step that keeps each line under 250 points', async () => {
    const ranges: MetricRangeOptions[] = [];
    const metrics: Metrics = {
      async queryRange(_: string, range: MetricRangeOptions) {
        ranges.push(range);
        return [];
      },
      async query() {
        return [];
      },
    };
    const finding = await metricsFinding(
      metrics,
      windowsNode(),
      '2026-11-22T11:30:00Z',
      AbortSignal.timeout(10_000),
    );
    expect(ranges[0]?.start.toISOString()).toBe('2026-11-22T10:30:00.000Z');
    expect(ranges[0]?.end).toEqual(NOW);
    expect((90 * 60) / (ranges[0]?.stepSeconds ?? 1)).toBeLessThan(250);
    expect(finding.title).toBe('Prometheus has no windows_exporter memory data for akswin000002');
    expect(finding.remediation?.steps[0]).toContain('port 9182');
  });

  it('rethrows when the run is cancelled instead of reporting Prometheus as unavailable', async () => {
    const controller = new AbortController();
    const metrics: Metrics = {
      async queryRange() {
        controller.abort();
        throw new Error('aborted');
      },
      async query() {
        return [];
      },
    };
    await expect(metricsFinding(metrics, windowsNode(), undefined, controller.signal)).rejects.toThrow();
  });
});
