import { describe, expect, it } from 'vitest';
import { fixture, fixtureText } from '../support/fixtures.js';
import { AM, AZURE, gatewayPerTest, NOW, postJson } from '../support/gateway.js';

const setup = gatewayPerTest();

describe('POST /v1/alerts/alertmanager', () => {
  it('answers 202 after storing every alert of the notification as one batch', async () => {
    const { app, intake } = setup();
    const response = await postJson(app, AM, fixtureText('alertmanager', 'firing-group'));
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 3, receivedAt: NOW });
    expect(intake.batches).toHaveLength(1);
    expect(intake.batches[0]?.receivedAt).toBe(NOW);
    expect(intake.signals.map((signal) => signal.name)).toEqual([
      'KubeNodeNotReady',
      'KubePodCrashLooping',
      'NodeFilesystemSpaceFillingUp',
    ]);
  });

  it('accepts the exact body Alertmanager 0.25 sends, trailing newline and user agent included', async () => {
    const { app, intake } = setup();
    const response = await postJson(app, AM, fixtureText('alertmanager', 'alertmanager-0.25'), {
      'user-agent': 'Alertmanager/0.25.0',
    });
    expect(response.statusCode).toBe(202);
    expect(intake.signals).toHaveLength(1);
  });

  it('stores resolved alerts, and a repeat of the same notification again (repeats are the runner’s to drop)', async () => {
    const { app, intake } = setup();
    for (let i = 0; i < 2; i++) {
      expect((await postJson(app, AM, fixtureText('alertmanager', 'resolved'))).statusCode).toBe(202);
    }
    expect(intake.signals.map((signal) => signal.status)).toEqual(['resolved', 'resolved']);
  });

  it('rejects another payload version with 400 and stores nothing', async () => {
    const { app, intake } = setup();
    const response = await postJson(app, AM, fixture('alertmanager', 'malformed-wrong-version'));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'TRIAGE_ERR_GATEWAY_INVALID_PAYLOAD',
      message: expect.stringContaining('version: expected "4"'),
    });
    expect(intake.batches).toHaveLength(0);
  });

  it('names the bad field in the 400', async () => {
    const { app } = setup();
    const response = await postJson(app, AM, fixture('alertmanager', 'malformed-labels-not-object'));
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('alerts[1].labels: expected object');
  });

  it('answers 503 with Retry-After and stores nothing when the queue rejects', async () => {
    const { app, intake } = setup();
    intake.failWith = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    const response = await postJson(app, AM, fixtureText('alertmanager', 'firing-group'));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({
      code: 'TRIAGE_ERR_GATEWAY_QUEUE_UNAVAILABLE',
      message: expect.stringContaining('nothing was stored'),
    });
  });

  it('answers 503 when the queue does not answer within the enqueue deadline', async () => {
    const { app, intake } = setup({ enqueueTimeoutMs: 100 });
    intake.hang = true;
    const response = await postJson(app, AM, fixtureText('alertmanager', 'firing-group'));
    expect(response.statusCode).toBe(503);
  });
});

describe('POST /v1/alerts/azure-monitor', () => {
  it.each([
    ['metric-fired-aks', 'firing'],
    ['metric-resolved-aks', 'resolved'],
    ['log-v2-computer', 'firing'],
    ['prometheus-node-not-ready', 'firing'],
  ])('answers 202 and stores the one signal of %s', async (name, status) => {
    const { app, intake } = setup();
    const response = await postJson(app, AZURE, fixtureText('azure-monitor', name));
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 1, receivedAt: NOW });
    expect(intake.signals).toHaveLength(1);
    expect(intake.signals[0]).toMatchObject({ source: 'azure-monitor', status, cluster: 'aks-prod' });
  });

  it('tells the sender to enable the common alert schema when the payload is a legacy one', async () => {
    const { app, intake } = setup();
    const response = await postJson(app, AZURE, fixtureText('azure-monitor', 'legacy-metric-alert'));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'TRIAGE_ERR_GATEWAY_NOT_COMMON_SCHEMA',
      message: expect.stringContaining('useCommonAlertSchema: true'),
    });
    expect(intake.batches).toHaveLength(0);
  });

  it('names the bad field of a common-schema payload', async () => {
    const { app } = setup();
    const response = await postJson(
      app,
      AZURE,
      fixture('azure-monitor', 'malformed-prometheus-labels-not-object'),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('data.alertContext.labels: expected object');
  });

  it('answers 503 with Retry-After when the queue rejects', async () => {
    const { app, intake } = setup({ retryAfterSeconds: 20 });
    intake.failWith = new Error('Connection is closed.');
    const response = await postJson(app, AZURE, fixtureText('azure-monitor', 'metric-fired-aks'));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('20');
  });
});
