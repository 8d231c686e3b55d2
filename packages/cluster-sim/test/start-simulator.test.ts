import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScenarioError, SimulatorConfigError } from '../src/errors.js';
import { readPath } from '../src/kube-object.js';
import { resolveScenarioDirectory, startSimulator } from '../src/start-simulator.js';

const fixtures = fileURLToPath(new URL('./fixtures/cluster/', import.meta.url));
const node = (name: string, heartbeat: string) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, creationTimestamp: '2025-01-01T00:00:00Z' },
  status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: heartbeat }] },
});

describe('startSimulator', () => {
  it('serves given objects with the system namespaces, writes a kubeconfig and removes it on close', async () => {
    const sim = await startSimulator({ objects: [node('n1', '2025-01-02T00:00:00Z')] });
    try {
      expect(sim.store.get('nodes', undefined, 'n1')?.metadata.creationTimestamp).toBe(
        '2025-01-01T00:00:00Z',
      );
      expect(sim.store.list('namespaces').items.map((n) => n.metadata.name)).toEqual([
        'default',
        'kube-node-lease',
        'kube-public',
        'kube-system',
      ]);
      expect(readFileSync(sim.kubeconfigPath, 'utf8')).toContain(`server: ${sim.url}`);
      expect((await fetch(`${sim.url}/api/v1/nodes/n1`)).status).toBe(200);
    } finally {
      await sim.close();
    }
    expect(existsSync(sim.kubeconfigPath)).toBe(false);
  });

  it('shifts scenario timestamps so the newest is now, unless told not to', async () => {
    const now = new Date('2030-06-01T12:00:00Z');
    const shifted = await startSimulator({ scenario: fixtures, clock: () => now });
    const kept = await startSimulator({ scenario: fixtures, shiftTimestamps: false });
    try {
      expect(shifted.timestampOffsetMs).toBeGreaterThan(0);
      const heartbeat = (sim: typeof kept) =>
        readPath(
          sim.store.get('nodes', undefined, 'aks-np1-12345678-vmss000000'),
          'status.conditions.0.lastHeartbeatTime',
        );
      expect(heartbeat(kept)).toBe('2025-03-10T11:58:00Z');
      expect(Date.parse(String(heartbeat(shifted)))).toBe(
        Date.parse('2025-03-10T11:58:00Z') + shifted.timestampOffsetMs,
      );
      expect(kept.timestampOffsetMs).toBe(0);
    } finally {
      await shifted.close();
      await kept.close();
    }
  });

  it('listens on the requested port and reports a busy one as a config error', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startSimulator({ port })).rejects.toThrow(SimulatorConfigError);
      await expect(startSimulator({ port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    const sim = await startSimulator({ port });
    try {
      expect(sim.url).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await sim.close();
    }
  });

  it('rejects unknown scenarios, unsupported objects and duplicates with coded errors', async () => {
    expect(() => resolveScenarioDirectory('no-such-scenario')).toThrow(SimulatorConfigError);
    await expect(
      startSimulator({ objects: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }] }),
    ).rejects.toThrow('objects[0]: the simulator does not serve Secret in v1');
    await expect(
      startSimulator({ objects: [node('n1', '2025-01-02T00:00:00Z'), node('n1', '2025-01-02T00:00:00Z')] }),
    ).rejects.toThrow(ScenarioError);
  });

  it('finds the bundled scenarios by name', () => {
    expect(resolveScenarioDirectory('healthy')).toMatch(/scenarios\/healthy$/);
  });
});
