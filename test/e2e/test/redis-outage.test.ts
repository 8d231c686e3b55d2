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

const post = (body: unknown) =>
  fetch(`${pipeline.url}/v1/alerts/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });

describe('Redis outage', () => {
  it('answers 503 while Redis is down; Alertmanager redelivers after it returns and each alert is investigated once', async () => {
    await pipeline.redis.stop();
    const started = Date.now();
    const res = await post({
      version: '4',
      groupKey: '{}:{}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'triage',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://am',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'Probe' },
          annotations: {},
          startsAt: new Date().toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: '',
          fingerprint: '0123456789abcdef',
        },
      ],
    });
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2_000);

    const pods = ['web-a', 'web-b', 'web-c'];
    await am.postAlerts(
      pods.map((pod) => ({
        labels: { alertname: 'KubePodCrashLooping', cluster: CLUSTER, namespace: 'shop', pod },
        annotations: {},
      })),
    );
    // Let Alertmanager meet the 503 at least once before Redis returns.
    await new Promise((r) => setTimeout(r, 4_000));
    await pipeline.redis.restart();

    await waitFor(
      async () => (await pipeline.openInvestigations()).length === pods.length,
      90_000,
      'three investigations',
    );
    await new Promise((r) => setTimeout(r, 3_000));
    const open = await pipeline.openInvestigations();
    expect(open.map((i) => i.subject).sort()).toEqual(pods.map((p) => `pod/shop/${p}`));
    expect(open.every((i) => i.signals === 1)).toBe(true);
    const headlines = (await pipeline.transcript()).filter((e) => e.op === 'post');
    expect(headlines).toHaveLength(pods.length);
  });
});
