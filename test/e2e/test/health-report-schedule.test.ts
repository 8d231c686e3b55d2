import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@triage/dev-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, type Pipeline, startPipeline, TOKEN } from './support/pipeline.js';
import { standaloneRedis } from './support/redis-setups.js';

let pipeline: Pipeline;

beforeAll(async () => {
  // A schedule from the config file, as an operator writes it; every second so the test sees ticks.
  // The drain watch is off: its own signal about the cordoned node would join the alert's investigation.
  const configFile = join(mkdtempSync(join(tmpdir(), 'triage-report-')), 'triage.yaml');
  writeFileSync(
    configFile,
    [
      'runner:',
      '  drainWatch:',
      '    enabled: false',
      '  reports:',
      '    - id: every-second',
      '      pattern: "* * * * * *"',
      '      channel: "#reports"',
      '',
    ].join('\n'),
  );
  pipeline = await startPipeline('pdb-drain-blocked', {}, standaloneRedis, configFile);
}, 60_000);
afterAll(async () => {
  await pipeline?.close();
});

describe('scheduled health report through triage serve', () => {
  it('posts the report of the configured schedule with the blocking budget, and counts the alert Triage received', async () => {
    const res = await fetch(`${pipeline.url}/v1/alerts/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        version: '4',
        groupKey: '{}:{}',
        truncatedAlerts: 0,
        status: 'firing',
        receiver: 'triage',
        groupLabels: {},
        commonLabels: { alertname: 'KubeNodeUnschedulable' },
        commonAnnotations: {},
        externalURL: 'http://alertmanager:9093',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'KubeNodeUnschedulable', node: 'aks-userpool-31415926-vmss000000' },
            annotations: {},
            startsAt: new Date().toISOString(),
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: '',
            fingerprint: '0badc0de0badc0de',
          },
        ],
      }),
    });
    expect(res.status).toBe(202);

    const counted = (detail = '') => detail.includes('Triage: 1 alerts, 1 investigations opened, 1 open.');
    const reports = async () =>
      (await pipeline.transcript()).filter((e) => e.op === 'post' && e.channel === '#reports');
    await waitFor(
      async () => (await reports()).some((e) => counted(e.findings?.[0]?.detail)),
      60_000,
      'a report counting the alert',
    );
    const report = (await reports()).find((e) => counted(e.findings?.[0]?.detail));
    expect(report?.findings?.[0]?.title).toMatch(
      new RegExp(`^Health report ${CLUSTER}: 1 needs attention \\(`),
    );
    const thread = async () => (await pipeline.transcript()).filter((e) => e.threadTs === report?.ts);
    await waitFor(async () => (await thread()).length >= 2, 30_000, 'the report thread');
    const details = (await thread()).flatMap((e) => e.findings ?? []);
    expect(details[0]?.detail).toMatch(/PodDisruptionBudget web\/nginx-pdb allows no disruption/);
    expect(details.at(-1)?.detail).toBe(
      '1 investigations open now. Noisiest alerts: KubeNodeUnschedulable (1).',
    );
    expect((await thread()).filter((e) => e.op === 'upload')).toEqual([]);
  }, 90_000);
});
