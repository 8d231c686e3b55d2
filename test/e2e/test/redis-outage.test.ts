import { waitFor } from '@triage/dev-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, TOKEN, usePipelineWithAlertmanager } from './support/pipeline.js';

const live = usePipelineWithAlertmanager({ beforeAll, afterAll }, 'node-notready-memory');

const post = (body: unknown) =>
  fetch(`${live.pipeline.url}/v1/alerts/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });

describe('Redis outage', () => {
  it('answers 503 while Redis is down; Alertmanager redelivers after it returns and each alert is investigated once', async () => {
    await live.pipeline.redis.stop();
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
    await live.am.postAlerts(
      pods.map((pod) => ({
        labels: { alertname: 'KubePodCrashLooping', cluster: CLUSTER, namespace: 'shop', pod },
        annotations: {},
      })),
    );
    // Let Alertmanager meet the 503 at least once before Redis returns.
    await new Promise((r) => setTimeout(r, 4_000));
    await live.pipeline.redis.restart();

    await waitFor(
      async () => (await live.pipeline.openInvestigations()).length === pods.length,
      90_000,
      'three investigations',
    );
    await new Promise((r) => setTimeout(r, 3_000));
    const open = await live.pipeline.openInvestigations();
    expect(open.map((i) => i.subject).sort()).toEqual(pods.map((p) => `pod/shop/${p}`));
    expect(open.every((i) => i.signals === 1)).toBe(true);
    const headlines = (await live.pipeline.transcript()).filter((e) => e.op === 'post');
    expect(headlines).toHaveLength(pods.length);
  });
});
