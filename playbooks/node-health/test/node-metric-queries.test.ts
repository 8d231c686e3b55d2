import { describe, expect, it } from 'vitest';
import { nodeMetricQueries, seriesNodeMatcher } from '../src/node-metric-queries.js';

describe('nodeMetricQueries', () => {
  it('finds a Linux node by name or escaped InternalIP on port 9100, or by its node label', () => {
    const q = nodeMetricQueries({ node: 'aks-np1-0', address: '10.224.0.7', os: 'linux' });
    expect(q.memoryAvailable).toBe(
      'max(min_over_time(node_memory_MemAvailable_bytes{instance=~"(aks-np1-0|10\\\\.224\\\\.0\\\\.7)(:9100)?"}[120s]) or ' +
        'min_over_time(node_memory_MemAvailable_bytes{node="aks-np1-0"}[120s]))',
    );
  });

  it('applies rate to each selector, not to the union, and keeps the extra matchers on both', () => {
    const q = nodeMetricQueries({ node: 'aks-np1-0', os: 'linux' });
    expect(q.cpuBusy).toBe(
      '1 - avg(rate(node_cpu_seconds_total{instance=~"(aks-np1-0)(:9100)?",mode="idle"}[5m]) or ' +
        'rate(node_cpu_seconds_total{node="aks-np1-0",mode="idle"}[5m]))',
    );
    expect(q.receiveRate).toContain('device!~"lo|veth.*');
  });

  it('reads windows_exporter on port 9182 for a Windows node', () => {
    const q = nodeMetricQueries({ node: 'akswin000002', address: '10.224.0.9', os: 'windows' });
    expect(q.memoryAvailable).toContain(
      'windows_memory_available_bytes{instance=~"(akswin000002|10\\\\.224\\\\.0\\\\.9)(:9182)?"}',
    );
    expect(q.memoryTotal).toContain('windows_cs_physical_memory_bytes');
    expect(q.memoryTotal).toContain('windows_memory_physical_total_bytes');
    expect(q.cpuBusy).toContain('rate(windows_cpu_time_total{');
    expect(q.diskFree).toContain('volume="C:"');
    expect(q.transmitRate).toContain('windows_net_bytes_sent_total');
  });
});

describe('seriesNodeMatcher', () => {
  const match = seriesNodeMatcher([
    { node: 'aks-np1-0', address: '10.224.0.7', os: 'linux' },
    { node: 'akswin000002', address: '10.224.0.9', os: 'windows' },
  ]);

  it('finds the node of a series by the same names the selectors match: node label, name or IP with the exporter port', () => {
    expect(match({ node: 'aks-np1-0', instance: 'whatever:9100' })).toBe('aks-np1-0');
    expect(match({ instance: '10.224.0.7:9100' })).toBe('aks-np1-0');
    expect(match({ instance: 'aks-np1-0' })).toBe('aks-np1-0');
    expect(match({ instance: '10.224.0.9:9182' })).toBe('akswin000002');
  });

  it('leaves out series of no node and the other exporter port', () => {
    expect(match({ instance: '10.224.0.7:9182' })).toBeUndefined();
    expect(match({ instance: '10.0.0.1:9100', node: 'elsewhere' })).toBeUndefined();
    expect(match({})).toBeUndefined();
  });
});
