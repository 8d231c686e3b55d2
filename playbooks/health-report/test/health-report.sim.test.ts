import { startSimulator } from '@triage/cluster-sim';
import type { KubeReader } from '@triage/core';
import { simulatorContext } from '@triage/dev-services';
import { describe, expect, it } from 'vitest';
import {
  createHealthReportPlaybook,
  createMemoryReportHistory,
  isHealthyReport,
  reportScopes,
} from '../src/index.js';

const WIN_FRONTEND = 'win/iis-frontend-2qvgvg6klb-g95vl';
const WIN_LEGACY = 'win/legacy-api-wpp69n7mmg-fg9bb';

/** What each seed incident's report must list: exactly these item keys, nothing else. */
const expected: Record<string, string[]> = {
  healthy: [],
  'tcp-refused': [],
  'dns-upstream': [],
  'node-notready-memory': [
    'node-not-ready:node/aks-userpool-31415926-vmss000001',
    'pod-oom-killed:pod/reporting/reports-worker-j6hsg8768p-2tt7m',
    'pod-oom-killed:pod/reporting/reports-worker-j6hsg8768p-gk98h',
  ],
  'node-disk-pressure': ['node-pressure:node/aks-nodepool1-31415926-vmss000002:DiskPressure'],
  'pdb-drain-blocked': ['pdb-no-disruption:workload/web/PodDisruptionBudget/nginx-pdb'],
  'windows-mixed': [
    `pod-pending:pod/${WIN_FRONTEND}`,
    `pod-pending:pod/${WIN_LEGACY}`,
    'deployment-unavailable:workload/win/Deployment/iis-frontend',
    'deployment-unavailable:workload/win/Deployment/legacy-api',
    'windows:node/aksnpwin000000:no-windows-exporter',
    'windows:node/aksnpwin000001:no-windows-exporter',
    `windows:pod/${WIN_FRONTEND}:windows-image-on-linux`,
    'windows:pod/win/iis-site-6kn6mj9ppp-69c4m:no-log-monitor',
    `windows:pod/${WIN_LEGACY}:os-mismatch`,
  ],
};

/** Runs the report on a scenario; returns its findings, the saved item keys and the list calls made. */
async function report(scenario: string, params: Record<string, unknown> = {}) {
  const sim = await startSimulator({ scenario });
  try {
    const lists: string[] = [];
    const count = (kube: KubeReader): KubeReader => ({
      get: kube.get,
      list: (resource, options) => {
        lists.push(`${resource}${options?.namespace ? ` ${options.namespace}` : ''}`);
        return kube.list(resource, options);
      },
    });
    const ctx = simulatorContext(sim.kubeconfigPath, { triggerName: 'health-report', wrap: count });
    const history = createMemoryReportHistory();
    const playbook = createHealthReportPlaybook({ history });
    const parsed = playbook.params.parse(params);
    const findings = await playbook.run(ctx, parsed);
    const { saveTo } = reportScopes(ctx.cluster, parsed.schedule, parsed.namespaces);
    const saved = await history.previous(saveTo[0] ?? '', new Date(Date.now() + 60_000));
    return { findings, items: saved?.items ?? [], lists };
  } finally {
    await sim.close();
  }
}

describe('health report on the seed incidents', () => {
  it.each(Object.entries(expected))(
    'lists exactly the expected items on %s',
    async (scenario, keys) => {
      const { findings, items } = await report(scenario);
      expect(items).toEqual(keys);
      expect(isHealthyReport(findings)).toBe(keys.length === 0);
      expect(findings[0]?.title).toMatch(
        keys.length === 0
          ? /nothing needs attention$/
          : new RegExp(`: ${keys.length} needs? attention \\(${keys.length} new, 0 still open\\)$`),
      );
    },
    60_000,
  );

  it('reads each resource once: nodes, namespaces, pods per namespace, budgets and Deployments', async () => {
    const { lists } = await report('pdb-drain-blocked');
    expect(lists.filter((l) => !l.startsWith('pods '))).toEqual([
      'nodes',
      'namespaces',
      'poddisruptionbudgets',
      'deployments',
    ]);
    expect(new Set(lists).size).toBe(lists.length);
  }, 60_000);

  it('limited to namespaces, reads only those and leaves out the cluster-wide exporter check', async () => {
    const { items, lists } = await report('windows-mixed', { namespaces: 'win' });
    expect(items).toEqual(expected['windows-mixed']?.filter((k) => k.includes('/win/')));
    expect(lists).toEqual(['nodes', 'pods win', 'poddisruptionbudgets win', 'deployments win']);
  }, 60_000);
});
