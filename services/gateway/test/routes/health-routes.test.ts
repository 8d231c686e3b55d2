import { Counter } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { fixture, fixtureText } from '../support/fixtures.js';
import { type gatewayWith, gatewayPerTest, postJson } from '../support/gateway.js';

const setup = gatewayPerTest();

describe('/healthz and /readyz', () => {
  it('answers /healthz while the process runs, even with the queue down', async () => {
    const { app, intake } = setup();
    intake.ready = false;
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 when the queue answers and 503 when it does not', async () => {
    const { app, intake } = setup();
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    intake.ready = false;
    const down = await app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json().status).toBe('unavailable');
  });

  it('answers /readyz 503 when the readiness check hangs', async () => {
    const { app, intake } = setup();
    intake.isReady = () => new Promise(() => {});
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
  });
});

describe('/metrics', () => {
  async function scrape(app: ReturnType<typeof gatewayWith>['app']): Promise<string> {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    return response.body;
  }

  it('counts accepted signals by source and status, and rejections by reason', async () => {
    const { app, intake } = setup();
    await postJson(app, '/v1/alerts/alertmanager', fixtureText('alertmanager', 'firing-group'));
    await postJson(app, '/v1/alerts/alertmanager', fixtureText('alertmanager', 'resolved'));
    await postJson(app, '/v1/alerts/azure-monitor', fixtureText('azure-monitor', 'metric-resolved-aks'));
    await postJson(app, '/v1/alerts/alertmanager', fixture('alertmanager', 'malformed-wrong-version'));
    await postJson(app, '/v1/alerts/azure-monitor', fixtureText('azure-monitor', 'legacy-metric-alert'));
    intake.failWith = new Error('down');
    await postJson(app, '/v1/alerts/alertmanager', fixtureText('alertmanager', 'resolved'));
    const text = await scrape(app);
    expect(text).toContain('triage_gateway_signals_total{source="alertmanager",status="firing"} 3');
    expect(text).toContain('triage_gateway_signals_total{source="alertmanager",status="resolved"} 1');
    expect(text).toContain('triage_gateway_signals_total{source="azure-monitor",status="resolved"} 1');
    expect(text).toContain('triage_gateway_rejections_total{reason="invalid_payload"} 1');
    expect(text).toContain('triage_gateway_rejections_total{reason="not_common_schema"} 1');
    expect(text).toContain('triage_gateway_rejections_total{reason="queue_unavailable"} 1');
    expect(text).toContain('triage_gateway_enqueue_duration_seconds_count 4');
  });

  it('reads the queue depth on scrape, NaN when the queue does not answer', async () => {
    const { app, intake } = setup();
    intake.queued = 42;
    expect(await scrape(app)).toContain('triage_intake_queue_depth 42');
    intake.depth = async () => {
      throw new Error('down');
    };
    // prom-client writes NaN as `Nan`; Prometheus parses it case-insensitively.
    expect(await scrape(app)).toMatch(/^triage_intake_queue_depth nan$/im);
  });

  it('serves metrics others registered in the injected registry', async () => {
    const { app, registry } = setup();
    new Counter({ name: 'triage_runner_jobs_total', help: 'jobs', registers: [registry] }).inc(2);
    expect(await scrape(app)).toContain('triage_runner_jobs_total 2');
  });
});
