import { generateLargeCluster, startSimulator } from '@triage/cluster-sim';
import type { KubeObject, KubeReader } from '@triage/core';
import { simulatorContext } from '@triage/dev-services';
import { describe, expect, it } from 'vitest';
import { collectReportItems } from '../src/index.js';

/** The generated cluster's own "now" (it is not moved to the wall clock). */
const NOW = new Date('2025-03-04T08:30:00Z');

describe('health report on a generated cluster (small scale of the 5,000-node bench)', () => {
  it('walks every namespace once and finds every crash-looping, pending and NotReady object a full list shows', async () => {
    const sim = await startSimulator({
      objects: generateLargeCluster({ nodes: 60, pods: 1_800, events: 100, seed: 3, now: NOW.toISOString() }),
    });
    try {
      const lists: string[] = [];
      const ctx = simulatorContext(sim.kubeconfigPath, {
        triggerName: 'health-report',
        wrap: (kube): KubeReader => ({
          get: kube.get,
          list: (resource, options) => {
            lists.push(`${resource}${options?.namespace ? ` ${options.namespace}` : ''}`);
            return kube.list(resource, options);
          },
        }),
      });
      const { items } = await collectReportItems(ctx.kube, {
        now: NOW,
        pendingMinutes: 15,
        oomWindowHours: 24,
        signal: ctx.signal,
        progress: async () => {},
      });

      // The expectation, counted independently from one cluster-wide list of each kind.
      const raw = simulatorContext(sim.kubeconfigPath, { triggerName: 'count' }).kube;
      const pods = await raw.list('pods');
      const namespaces = await raw.list('namespaces');
      const waiting = (p: KubeObject, reason: string) =>
        JSON.stringify(p.status?.containerStatuses ?? []).includes(`"reason":"${reason}"`);
      const crashLooping = pods.filter((p) => waiting(p, 'CrashLoopBackOff')).length;
      const pending = pods.filter((p) => p.status?.phase === 'Pending').length;
      const notReady = (await raw.list('nodes')).filter((n) =>
        ((n.status?.conditions ?? []) as { type: string; status: string }[]).some(
          (c) => c.type === 'Ready' && c.status !== 'True',
        ),
      ).length;

      const count = (check: string) => items.filter((i) => i.check === check).length;
      expect(crashLooping).toBeGreaterThan(0);
      expect(pending).toBeGreaterThan(0);
      expect(count('pod-crash-loop')).toBe(crashLooping);
      expect(count('pod-pending')).toBe(pending);
      expect(count('node-not-ready')).toBe(notReady);
      expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
      expect(lists.filter((l) => l.startsWith('pods ')).sort()).toEqual(
        namespaces.map((n) => `pods ${n.metadata.name}`).sort(),
      );
      expect(lists.filter((l) => !l.startsWith('pods '))).toEqual([
        'nodes',
        'namespaces',
        'poddisruptionbudgets',
        'deployments',
      ]);
    } finally {
      await sim.close();
    }
  }, 120_000);
});
