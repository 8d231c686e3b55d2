import type { KubeObject, KubeReader, MetricSeries, Metrics, } from '@triage/core';
import { describe, expect, it } from 'vitest';
import {
  createHealthReportPlaybook,
  createMemoryReportHistory,
  metricItems,
  metricsTargetOf,
} from '../src/index.js';
import { diskFillingQuery, diskFullQuery, memoryQuery } from '../src/metric-queries.js';
import { tickContext } from './fixtures.js';

function node(name: string, address: string, os = 'linux'): KubeObject {
  return {
    metadata: { name, labels: { 'kubernetes.io/os': os } },
    status: {
      addresses: [{ type: 'InternalIP', address }],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

const nodes = Array.from({ length: 200 }, (_, i) =>
  node(`aks-np-${i}`, `10.0.${Math.floor(i / 250)}.${i % 250}`),
);
nodes.push(node('akswin-0', '10.1.0.1', 'windows'));

/** The Linux nodes (a Windows node without windows_exporter would be an item of its own). */
const kube: KubeReader = {
  get: async () => undefined,
  list: async (resource) =>
    resource === 'nodes' ? nodes.filter((n) => n.metadata.name.startsWith('aks-np-')) : [],
};

/** A Prometheus that answers each of the report's queries from a table and records what it was asked. */
function fakeMetrics(answers: Map<string, MetricSeries[]>) {
  const asked: { query: string; time?: Date }[] = [];
  const metrics: Metrics = {
    queryRange: async () => {
      throw new Error('the report makes no range queries');
    },
    query: async (query, options) => {
      asked.push({ query, ...(options?.time ? { time: options.time } : {}) });
      return answers.get(query) ?? [];
    },
  };
  return { metrics, asked };
}

const at = (value: number): [number, number][] => [[1_795_000_000, value]];

describe('metricsTargetOf', () => {
  it('takes the name, the InternalIP and the OS from the node', () => {
    expect(metricsTargetOf(node('akswin-0', '10.1.0.1', 'windows'))).toEqual({
      node: 'akswin-0',
      address: '10.1.0.1',
      os: 'windows',
    });
    expect(metricsTargetOf({ metadata: { name: 'bare' } })).toEqual({ node: 'bare', os: 'linux' });
  });
});

describe('metricItems', () => {
  it('asks three cluster-wide queries at the report time, however many nodes there are', async () => {
    const { metrics, asked } = fakeMetrics(new Map());
    const time = new Date('2026-11-22T08:00:00Z');
    await metricItems(metrics, nodes.map(metricsTargetOf), time, AbortSignal.timeout(1000));
    expect(asked).toEqual([
      { query: memoryQuery, time },
      { query: diskFullQuery, time },
      { query: diskFillingQuery, time },
    ]);
    for (const { query } of asked) expect(query).toMatch(/^topk\(40, /);
    expect(memoryQuery).toContain('node_memory_MemAvailable_bytes');
    expect(memoryQuery).toContain('windows_memory_available_bytes');
    expect(diskFillingQuery).toContain('predict_linear(node_filesystem_avail_bytes{');
    expect(diskFillingQuery).toContain('predict_linear(windows_logical_disk_free_bytes{');
  });

  it('makes one item per filesystem full or filling, keyed by node and mount, and leaves out series of no node', async () => {
    const { metrics } = fakeMetrics(
      new Map<string, MetricSeries[]>([
        [
          diskFullQuery,
          [
            { labels: { instance: '10.0.0.3:9100', mountpoint: '/' }, points: at(0.97) },
            { labels: { instance: '10.1.0.1:9182', volume: 'C:' }, points: at(0.92) },
            { labels: { instance: '192.168.1.1:9100', mountpoint: '/' }, points: at(0.99) },
          ],
        ],
        [diskFillingQuery, [{ labels: { instance: '10.0.0.3:9100', mountpoint: '/' }, points: at(0.97) }]],
      ]),
    );
    const items = await metricItems(
      metrics,
      nodes.map(metricsTargetOf),
      new Date(),
      AbortSignal.timeout(1000),
    );
    expect(items.map((i) => [i.key, i.text, i.evidence.source])).toEqual([
      [
        'node-disk:node/aks-np-3:/',
        "Node aks-np-3: / is 97 % full, full within 24 h at the last hour's pace",
        'Prometheus node_exporter 10.0.0.3:9100 /',
      ],
      [
        'node-disk:node/akswin-0:C:',
        'Node akswin-0: C: is 92 % full',
        'Prometheus windows_exporter 10.1.0.1:9182 C:',
      ],
    ]);
  });
});

describe('health report with ctx.metrics', () => {
  it('compares Prometheus items with the previous report like the others: new, still open, resolved', async () => {
    const history = createMemoryReportHistory();
    const playbook = createHealthReportPlaybook({ history });
    const params = playbook.params.parse({ schedule: 'daily' });
    const memory = { labels: { node: 'aks-np-1', instance: 'x' }, points: at(0.94) };
    const disk = { labels: { node: 'aks-np-2', mountpoint: '/var' }, points: at(0.91) };
    const first = fakeMetrics(
      new Map([
        [memoryQuery, [memory]],
        [diskFullQuery, [disk]],
      ]),
    );
    await playbook.run(tickContext(kube, '2026-11-22T08:00:00Z', first.metrics), params);
    const second = fakeMetrics(new Map([[memoryQuery, [memory]]]));
    const findings = await playbook.run(tickContext(kube, '2026-11-23T08:00:00Z', second.metrics), params);
    expect(findings[0]?.title).toBe(
      'Health report aks-shop-prod: 1 needs attention (0 new, 1 still open, 1 resolved)',
    );
    expect(findings[1]).toMatchObject({
      severity: 'warning',
      title: '1 node short of memory for an hour',
      detail: '[still open] Node aks-np-1 used over 94 % of its memory for the whole last hour',
      subject: 'node/aks-np-1',
    });
    expect(findings.find((f) => f.severity === 'ok')?.detail).toBe('node-disk:node/aks-np-2:/var');
  });

  it('turns a failing Prometheus into an info finding and still reports the cluster', async () => {
    const failing: Metrics = {
      queryRange: async () => [],
      query: async () => {
        throw new Error('Prometheus query: 503 Service Unavailable');
      },
    };
    const playbook = createHealthReportPlaybook();
    const findings = await playbook.run(
      tickContext(kube, '2026-11-22T08:00:00Z', failing),
      playbook.params.parse({}),
    );
    expect(findings[0]?.title).toBe('Health report aks-shop-prod: nothing needs attention');
    expect(findings.at(-1)).toEqual({
      severity: 'info',
      title: 'Memory and disk trends left out: Prometheus did not answer',
      detail: 'Prometheus query: 503 Service Unavailable',
      subject: 'cluster',
      evidence: [],
    });
  });

  it('keeps the memory and disk items of the previous report when Prometheus fails: not resolved, still compared next time', async () => {
    const history = createMemoryReportHistory();
    const playbook = createHealthReportPlaybook({ history });
    const params = playbook.params.parse({ schedule: 'daily' });
    const memory = { labels: { node: 'aks-np-1' }, points: at(0.94) };
    const healthy = fakeMetrics(new Map([[memoryQuery, [memory]]]));
    const failing: Metrics = {
      queryRange: async () => [],
      query: async () => {
        throw new Error('Prometheus query: timed out');
      },
    };
    await playbook.run(tickContext(kube, '2026-11-21T08:00:00Z', healthy.metrics), params);
    const gap = await playbook.run(tickContext(kube, '2026-11-22T08:00:00Z', failing), params);
    expect(gap[0]?.title).toBe('Health report aks-shop-prod: nothing needs attention');
    const after = await playbook.run(tickContext(kube, '2026-11-23T08:00:00Z', healthy.metrics), params);
    expect(after[0]?.title).toBe('Health report aks-shop-prod: 1 needs attention (0 new, 1 still open)');
  });

  it('stops on cancellation instead of reporting without the trends', async () => {
    const cancelled = new AbortController();
    const hanging: Metrics = {
      queryRange: async () => [],
      query: async () => {
        cancelled.abort(new Error('deadline'));
        throw new Error('aborted');
      },
    };
    const playbook = createHealthReportPlaybook();
    const ctx = { ...tickContext(kube, '2026-11-22T08:00:00Z', hanging), signal: cancelled.signal };
    await expect(playbook.run(ctx, playbook.params.parse({}))).rejects.toThrow('deadline');
  });
});
