import { type AlertmanagerServer, startAlertmanager, waitFor } from '@triage/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, type Pipeline, startPipeline, TOKEN } from './support/pipeline.js';

let pipeline: Pipeline;
let am: AlertmanagerServer;

beforeAll(async () => {
  pipeline = await startPipeline('node-notready-memory');
  am = await startAlertmanager({ webhookUrl: `${pipeline.url}/v1/alerts/alertmanager`, bearerToken: TOKEN });
});
afterAll(async () => {
  await am?.stop();
  await pipeline?.close();
});

describe('Alertmanager → gateway → queue → runner → chat', () => {
  it('investigates a NotReady node from a real Alertmanager webhook and marks the thread resolved when the alert resolves', async () => {
    const node = await pipeline.notReadyNode();
    const labels = {
      alertname: 'KubeNodeNotReady',
      severity: 'warning',
      cluster: CLUSTER,
      node,
      namespace: 'monitoring',
      job: 'kube-state-metrics',
    };
    await am.postAlerts([
      { labels, annotations: { summary: `${node} has been unready for more than 15 minutes.` } },
    ]);

    await waitFor(
      async () => (await pipeline.transcript()).some((e) => e.op === 'reply' && e.findings?.length),
      60_000,
      'findings in the thread',
    );
    const entries = await pipeline.transcript();
    const headline = entries.find((e) => e.op === 'post');
    const findings = entries.filter((e) => e.op === 'reply').flatMap((e) => e.findings ?? []);
    expect(headline?.text).toContain(node);
    expect(entries.filter((e) => e.op === 'reply').every((e) => e.threadTs === headline?.ts)).toBe(true);
    expect(findings.some((f) => f.subject === `node/${node}` && f.severity === 'critical')).toBe(true);
    const [open] = await pipeline.openInvestigations();
    expect(open).toMatchObject({ subject: `node/${node}`, cluster: CLUSTER, signals: 1 });

    const metrics = await (await fetch(`${pipeline.url}/metrics`)).text();
    expect(metrics).toMatch(/triage_gateway_signals_total\{source="alertmanager",status="firing"\} 1/);
    expect(metrics).toMatch(/triage_job_outcomes_total\{playbook="describe",outcome="ok"\} 1/);

    await am.postAlerts([{ labels, endsAt: new Date(Date.now() - 1_000).toISOString() }]);
    await waitFor(
      async () => (await pipeline.openInvestigations()).length === 0,
      60_000,
      'investigation closed',
    );
    const lastUpdate = (await pipeline.transcript())
      .filter((e) => e.op === 'update' && e.ts === headline?.ts)
      .at(-1);
    expect(lastUpdate?.text.toLowerCase()).toContain('resolved');
  });
});
