import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Pingable,
  startWorkerHealthServer,
  type WorkerHealthServer,
} from '../src/worker-health-server.js';

let server: WorkerHealthServer | undefined;
afterEach(() => server?.close());

async function start(redis: Pingable) {
  const registry = new Registry();
  new Counter({
    name: 'triage_job_outcomes_total',
    help: 'runs',
    labelNames: ['outcome'],
    registers: [registry],
  }).inc({
    outcome: 'ok',
  });
  server = await startWorkerHealthServer({ registry, redis, port: 0, host: '127.0.0.1' });
  return server.url;
}

describe('startWorkerHealthServer', () => {
  it('answers /healthz and, while Redis answers, /readyz', async () => {
    const url = await start({ ping: async () => 'PONG' });
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready' });
  });

  it('is not ready when Redis fails or does not answer within a second', async () => {
    let url = await start({ ping: () => Promise.reject(new Error('ECONNREFUSED')) });
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    await server?.close();
    url = await start({ ping: () => new Promise(() => {}) });
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ message: 'the queue (Redis) does not answer' });
  });

  it("exposes the registry's metrics in the Prometheus text format", async () => {
    const url = await start({ ping: async () => 'PONG' });
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('triage_job_outcomes_total{outcome="ok"} 1');
  });

  it('answers 404 naming the routes for any other path, and 405 for other methods', async () => {
    const url = await start({ ping: async () => 'PONG' });
    const missing = await fetch(`${url}/v1/alerts/alertmanager`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toContain('/healthz');
    expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});
