import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/start-simulator.js';
import { kubectl, startFixtureSimulator } from './subresources/kubectl-harness.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startFixtureSimulator();
});
afterAll(async () => sim?.close());

function rows(output: string): string[][] {
  return output
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
}

describe('kubectl top', () => {
  it('shows node usage from the rules, and <unknown> for nodes without metrics', async () => {
    const result = await kubectl(sim, ['top', 'node']);
    expect(result.code).toBe(0);
    const table = rows(result.stdout);
    expect(table[0]?.slice(0, 2)).toEqual(['NAME', 'CPU(cores)']);
    const np0 = table.find((row) => row[0] === 'aks-np1-31415926-vmss000000');
    expect(np0?.slice(1, 2)).toEqual(['1850m']);
    expect(np0).toContain('6912Mi');
    expect(result.stdout).toMatch(/aks-np1-31415926-vmss000002\s+<unknown>/);
  });

  it('shows pod usage in a namespace, across namespaces, and per container', async () => {
    const shop = await kubectl(sim, ['top', 'pod', '-n', 'shop']);
    expect(shop.code).toBe(0);
    expect(rows(shop.stdout)).toContainEqual(['web-6d8f7b9c4-x2k4p', '125m', '552Mi']);
    const all = await kubectl(sim, ['top', 'pod', '-A']);
    expect(rows(all.stdout)).toContainEqual(['web', 'nginx-7c5ddbdf54-8xkzp', '3m', '12Mi']);
    const containers = await kubectl(sim, [
      'top',
      'pod',
      '-n',
      'shop',
      'web-6d8f7b9c4-x2k4p',
      '--containers',
    ]);
    expect(rows(containers.stdout)).toContainEqual(['web-6d8f7b9c4-x2k4p', 'log-shipper', '5m', '40Mi']);
  });

  it('serves NodeMetrics in the metrics.k8s.io/v1beta1 shape', async () => {
    const response = await fetch(`${sim.url}/apis/metrics.k8s.io/v1beta1/nodes/aks-np1-31415926-vmss000001`);
    expect(await response.json()).toMatchObject({
      kind: 'NodeMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: 'aks-np1-31415926-vmss000001' },
      window: '30s',
      usage: { cpu: '420m', memory: '3100Mi' },
    });
  });
});
