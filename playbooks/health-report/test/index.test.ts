import type { KubeObject, KubeReader, PlaybookContext } from '@triage/core';
import { describe, expect, it } from 'vitest';
import {
  type ActivitySource,
  createHealthReportPlaybook,
  createMemoryReportHistory,
  isHealthyReport,
  reportScopes,
} from '../src/index.js';
import { kubeFixture, tickContext } from './fixtures.js';

/** A reader over fixed objects by resource (namespaced ones filtered by namespace). */
function fakeKube(objects: Record<string, KubeObject[]>): KubeReader {
  return {
    get: async () => undefined,
    list: async (resource, options) =>
      (objects[resource] ?? []).filter(
        (o) => !options?.namespace || o.metadata.namespace === options.namespace,
      ),
  };
}

const namespaces = ['shop', 'jobs', 'reporting'].map((name) => ({ metadata: { name } }));
const crashLoop = kubeFixture('pod-crash-loop');
const pending = kubeFixture('pod-pending-unschedulable');
const oom = kubeFixture('pod-oom-killed');

describe('health report with a history and an activity source', () => {
  const activity: ActivitySource = {
    activity: async (_cluster, since) => ({
      alertsReceived: since.toISOString() === '2026-11-21T12:00:00.000Z' ? 7 : 3,
      investigationsOpened: 2,
      investigationsOpen: 1,
      noisiest: [{ name: 'KubePodCrashLooping', count: 5 }],
    }),
  };

  it('says what is new, still open and resolved since the previous report of the schedule', async () => {
    const history = createMemoryReportHistory();
    const playbook = createHealthReportPlaybook({ history, activity });
    const params = playbook.params.parse({ schedule: 'daily' });

    const first = await playbook.run(
      tickContext(fakeKube({ namespaces, pods: [crashLoop, pending] }), '2026-11-22T12:00:00Z'),
      params,
    );
    expect(first[0]?.title).toBe('Health report aks-shop-prod: 2 need attention (2 new, 0 still open)');
    expect(first[0]?.detail).toContain('Triage: 7 alerts, 2 investigations opened, 1 open.');

    const second = await playbook.run(
      tickContext(fakeKube({ namespaces, pods: [crashLoop, oom] }), '2026-11-23T08:00:00Z'),
      params,
    );
    expect(second[0]?.title).toBe(
      'Health report aks-shop-prod: 2 need attention (1 new, 1 still open, 1 resolved)',
    );
    expect(second.find((f) => f.title.startsWith('1 pod in CrashLoopBackOff'))?.detail).toMatch(
      /^\[still open\] /,
    );
    expect(second.find((f) => f.title === '1 pod OOMKilled (1 new)')?.detail).toMatch(/^\[new\] /);
    expect(second.find((f) => f.severity === 'ok')).toMatchObject({
      title: '1 resolved since the report of 2026-11-22T12:00:00.000Z',
      detail: 'pod-pending:pod/jobs/batch-import-5c4b3a2d1e-kq8zt',
    });
    expect(second.at(-1)).toMatchObject({
      severity: 'info',
      title: 'Triage since 2026-11-22T12:00:00.000Z: 3 alerts, 2 investigations',
      detail: '1 investigations open now. Noisiest alerts: KubePodCrashLooping (5).',
    });
  });

  it('a retried run of the same tick compares with the report before it, not with itself', async () => {
    const history = createMemoryReportHistory();
    const playbook = createHealthReportPlaybook({ history });
    const params = playbook.params.parse({ schedule: 'daily' });
    const kube = fakeKube({ namespaces, pods: [crashLoop] });
    await playbook.run(tickContext(kube, '2026-11-22T12:00:00Z'), params);
    const retried = await playbook.run(tickContext(kube, '2026-11-22T12:00:00Z'), params);
    expect(retried[0]?.title).toBe('Health report aks-shop-prod: 1 needs attention (1 new, 0 still open)');
  });

  it('keeps schedules apart: another schedule of the cluster has its own previous report', async () => {
    const history = createMemoryReportHistory();
    const playbook = createHealthReportPlaybook({ history });
    const kube = fakeKube({ namespaces, pods: [crashLoop] });
    await playbook.run(
      tickContext(kube, '2026-11-22T12:00:00Z'),
      playbook.params.parse({ schedule: 'daily' }),
    );
    const weekly = await playbook.run(
      tickContext(kube, '2026-11-22T13:00:00Z'),
      playbook.params.parse({ schedule: 'weekly' }),
    );
    expect(weekly[0]?.detail).toContain('No earlier report to compare with.');
  });

  it('on a healthy cluster says so in one ok finding (quiet schedules post nothing)', async () => {
    const playbook = createHealthReportPlaybook();
    const findings = await playbook.run(
      tickContext(fakeKube({ namespaces }), '2026-11-22T12:00:00Z'),
      playbook.params.parse({}),
    );
    expect(findings).toHaveLength(1);
    expect(isHealthyReport(findings)).toBe(true);
    expect(findings[0]?.title).toBe('Health report aks-shop-prod: nothing needs attention');
  });

  it('lists at most 20 items per finding and puts every item in a CSV', async () => {
    const pods = Array.from({ length: 25 }, (_, i) => ({
      ...crashLoop,
      metadata: { ...crashLoop.metadata, name: `checkout-${String(i).padStart(2, '0')}` },
    }));
    const playbook = createHealthReportPlaybook();
    const findings = await playbook.run(
      tickContext(fakeKube({ namespaces, pods }), '2026-11-22T12:00:00Z'),
      playbook.params.parse({}),
    );
    const group = findings[1];
    expect(group?.title).toBe('25 pods in CrashLoopBackOff (25 new)');
    expect(group?.evidence).toHaveLength(20);
    expect(group?.detail.split('\n').at(-1)).toBe('… and 5 more in health-report.csv');
    const csv = findings[0]?.attachments?.[0];
    expect(csv?.filename).toBe('health-report.csv');
    expect(csv?.content.trim().split('\n')).toHaveLength(26);
  });

  it('rejects a bad namespace or schedule name with a message naming the field', () => {
    const playbook = createHealthReportPlaybook();
    expect(playbook.params.safeParse({ namespaces: 'shop,Bad_NS' }).error?.issues[0]?.path).toEqual([
      'namespaces',
      1,
    ]);
    expect(playbook.params.safeParse({ schedule: 'Daily Report' }).error?.issues[0]?.path).toEqual([
      'schedule',
    ]);
    expect(playbook.params.parse({ namespaces: 'shop, web', pendingMinutes: '30' })).toMatchObject({
      namespaces: ['shop', 'web'],
      pendingMinutes: 30,
    });
  });
});

describe('which earlier report a report compares with', () => {
  const kube = fakeKube({ namespaces, pods: [crashLoop] });
  const onDemand = (at: string): PlaybookContext => ({
    ...tickContext(kube, at),
    trigger: { ...tickContext(kube, at).trigger, source: 'slack', key: `slack:${at}` },
  });

  it('on demand: with the newest earlier report of the cluster, scheduled or not', async () => {
    const history = createMemoryReportHistory();
    const playbook = createHealthReportPlaybook({ history });
    await playbook.run(
      tickContext(kube, '2026-11-22T08:00:00Z'),
      playbook.params.parse({ schedule: 'daily' }),
    );
    const first = await playbook.run(onDemand('2026-11-22T10:00:00Z'), playbook.params.parse({}));
    expect(first[0]?.title).toBe('Health report aks-shop-prod: 1 needs attention (0 new, 1 still open)');
    expect(first[0]?.detail).toContain('Compared with the report of 2026-11-22T08:00:00.000Z.');
    const second = await playbook.run(onDemand('2026-11-22T11:00:00Z'), playbook.params.parse({}));
    expect(second[0]?.detail).toContain('Compared with the report of 2026-11-22T10:00:00.000Z.');
  });

  it('scheduled: with its own schedule only, so a report asked for in between takes nothing from it', async () => {
    const history = createMemoryReportHistory();
    const playbook = createHealthReportPlaybook({ history });
    const daily = playbook.params.parse({ schedule: 'daily' });
    await playbook.run(tickContext(kube, '2026-11-22T08:00:00Z'), daily);
    await playbook.run(onDemand('2026-11-22T10:00:00Z'), playbook.params.parse({}));
    const next = await playbook.run(tickContext(kube, '2026-11-23T08:00:00Z'), daily);
    expect(next[0]?.detail).toContain('Compared with the report of 2026-11-22T08:00:00.000Z.');
  });

  it('never with a report over other namespaces, which lists other things', async () => {
    const history = createMemoryReportHistory();
    const playbook = createHealthReportPlaybook({ history });
    await playbook.run(
      tickContext(kube, '2026-11-22T08:00:00Z'),
      playbook.params.parse({ schedule: 'shop-daily', namespaces: 'shop' }),
    );
    const all = await playbook.run(onDemand('2026-11-22T10:00:00Z'), playbook.params.parse({}));
    expect(all[0]?.detail).toContain('No earlier report to compare with.');
    const shop = await playbook.run(
      onDemand('2026-11-22T11:00:00Z'),
      playbook.params.parse({ namespaces: 'shop' }),
    );
    expect(shop[0]?.detail).toContain('Compared with the report of 2026-11-22T08:00:00.000Z.');
  });

  it('keeps scheduled chains and the cluster chains apart: no schedule id can name a cluster chain', () => {
    expect(reportScopes('aks', 'daily', undefined)).toEqual({
      compareWith: 'aks:daily',
      saveTo: ['aks:daily', 'aks:@latest'],
    });
    expect(reportScopes('aks', 'on-demand', undefined)).toEqual({
      compareWith: 'aks:@latest',
      saveTo: ['aks:@latest'],
    });
    const [a, b] = [
      reportScopes('aks', 'on-demand', ['web', 'shop']),
      reportScopes('aks', 'on-demand', ['shop', 'web']),
    ];
    expect(a).toEqual(b);
    expect(a.compareWith).toMatch(/^aks:@latest:[0-9a-f]{12}$/);
  });
});
