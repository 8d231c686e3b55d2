import { describe, expect, it } from 'vitest';
import { nodeMetricsSchema } from '../src/kube-views.js';
import { assessResources, heaviestPods } from '../src/resource-usage.js';
import { nodeFixture, podMetricsFixture, podsFixture, rawFixture } from './fixtures.js';

const node = nodeFixture('node-healthy');
const pods = podsFixture('pods-on-node');

describe('assessResources', () => {
  it('sums requests and limits of active pods only, counting a missing limit as unbounded', () => {
    const r = assessResources(node, pods, undefined, []);
    // Active: reports-worker, checkout, azure-cns, kube-proxy, vector (the evicted and the completed pod hold nothing).
    expect(r.pods.map((p) => p.pod)).toHaveLength(5);
    expect(r.requests.memory).toBe((512 + 128 + 250 + 256) * 2 ** 20);
    expect(r.requests.cpu).toBeCloseTo(0.25 + 0.1 + 0.04 + 0.1 + 0.1);
    expect(r.limits.memory).toBe(Number.POSITIVE_INFINITY);
    expect(r.allocatable.memory).toBe(12880168 * 1024);
    expect(r.usage).toBeUndefined();
  });

  it('joins pod metrics by namespace/name and names the heaviest pods', () => {
    const nodeMetrics = nodeMetricsSchema.parse(rawFixture('node-metrics'));
    const r = assessResources(node, pods, nodeMetrics, podMetricsFixture('pod-metrics'));
    expect(r.usage?.memory).toBe(11927552 * 1024);
    expect(heaviestPods(r, 'memory', 2).map((p) => [p.pod, p.usage?.memory])).toEqual([
      ['reporting/reports-worker-7c9d8f6b5-x2k4p', 3556 * 2 ** 20],
      ['logging/vector-agent-7tq2m', 187 * 2 ** 20],
    ]);
    expect(heaviestPods(r, 'cpu', 1)[0]?.pod).toBe('reporting/reports-worker-7c9d8f6b5-x2k4p');
  });

  it('names no heaviest pods when there are no metrics', () => {
    expect(heaviestPods(assessResources(node, pods, undefined, []), 'memory', 5)).toEqual([]);
  });
});
