import { type Simulator, startSimulator } from '@triage/cluster-sim';
import { createKubeReader, loadKubeConfig } from '@triage/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrometheusServer, scenarioNodeHistory, startPrometheus } from '../src/index.js';

let sim: Simulator;
let prometheus: PrometheusServer;

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'node-notready-memory' });
  const kube = createKubeReader(loadKubeConfig({ kubeconfig: sim.kubeconfigPath }));
  prometheus = await startPrometheus({ openMetrics: await scenarioNodeHistory(kube) });
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  await sim?.close();
});

/** One instant query through Prometheus' HTTP API: the value of each series. */
async function values(promql: string): Promise<Record<string, number>> {
  const res = await fetch(`${prometheus.url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
  const body = (await res.json()) as {
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  return Object.fromEntries(body.data.result.map((r) => [r.metric.node ?? '', Number(r.value[1])]));
}

describe('startPrometheus with scenarioNodeHistory (node-notready-memory)', () => {
  it('serves node_exporter history for every node, the NotReady one silent since it went NotReady', async () => {
    expect(Object.keys(await values('node_memory_MemTotal_bytes')).sort()).toEqual([
      'aks-nodepool1-31415926-vmss000000',
      'aks-nodepool1-31415926-vmss000001',
      'aks-userpool-31415926-vmss000000',
    ]);
    const lastHour = await values('max_over_time(node_memory_MemTotal_bytes[1h])');
    expect(lastHour['aks-userpool-31415926-vmss000001']).toBe(16375080 * 1024);
  });

  it('shows the OOM-killed node running out of memory before each kill', async () => {
    const lowest = await values('min_over_time(node_memory_MemAvailable_bytes[2h])');
    expect(lowest['aks-userpool-31415926-vmss000001']).toBeLessThan(200 * 1024 ** 2);
    expect(lowest['aks-userpool-31415926-vmss000000']).toBeGreaterThan(4 * 1024 ** 3);
  });

  it('counts the CPU seconds of four CPUs per node', async () => {
    const cpus = await values('count by (node) (node_cpu_seconds_total{mode="idle"})');
    expect(cpus['aks-nodepool1-31415926-vmss000000']).toBe(4);
  });
});
