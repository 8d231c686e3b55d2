import { randomUUID } from 'node:crypto';
import { INTAKE_JOB, INTAKE_QUEUE, intakeJobSchema } from '@triage/core';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BullIntake, createBullIntake } from '../src/bull-intake.js';
import { createGateway } from '../src/create-gateway.js';
import { fixtureText } from './support/fixtures.js';
import { createRedisServer, type RedisServer } from './support/redis-server.js';

let redis: RedisServer;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  redis = await createRedisServer();
  await redis.start();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await redis.start(); // a test that stopped Redis leaves it running for the next
});
afterAll(async () => {
  await redis?.stop();
});

/** A listening gateway on a BullIntake with its own prefix, and a BullMQ reader on the same queue. */
async function startGateway(server: RedisServer = redis) {
  const prefix = `test-${randomUUID()}`;
  const intake: BullIntake = createBullIntake({ connection: server.url, prefix });
  const app: FastifyInstance = createGateway({ config: { port: 0 }, intake, metrics: new Registry() });
  cleanups.push(async () => {
    await app.close();
    await intake.close();
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const post = (path: string, body: string) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { app, intake, prefix, base, post };
}

function readerFor(prefix: string, server: RedisServer = redis) {
  const queue = new Queue(INTAKE_QUEUE, { connection: { url: server.url }, prefix });
  cleanups.push(() => queue.close());
  return queue;
}

async function pollUntil<T>(
  attempt: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await attempt();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('createBullIntake with a real redis-server', () => {
  it('stores one intake job holding every signal of a request before answering 202', async () => {
    const { post, prefix } = await startGateway();
    const response = await post('/v1/alerts/alertmanager', fixtureText('alertmanager', 'firing-group'));
    expect(response.status).toBe(202);

    const jobs = await readerFor(prefix).getJobs(['waiting']);
    expect(jobs).toHaveLength(1);
    const [job] = jobs;
    expect(job?.name).toBe(INTAKE_JOB);
    const data = intakeJobSchema.parse(job?.data);
    expect(data.signals.map((signal) => signal.key)).toEqual([
      '9f2c4e7a1b3d5c60',
      '4a1d7e0c9b2f3e85',
      'c07b2a95e6d18f34',
    ]);
    expect(data.receivedAt).toBe((await response.json()).receivedAt);
    expect(job?.opts).toMatchObject({ attempts: 5, backoff: { type: 'exponential', delay: 1000 } });
  });

  it('reports readiness and queue depth from Redis', async () => {
    const { app, intake, post } = await startGateway();
    await pollUntil(async () => ((await intake.isReady()) ? true : undefined), 'the intake to be ready');
    await post('/v1/alerts/azure-monitor', fixtureText('azure-monitor', 'metric-fired-aks'));
    await post('/v1/alerts/azure-monitor', fixtureText('azure-monitor', 'metric-resolved-aks'));
    expect(await intake.depth()).toBe(2);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).body).toContain(
      'triage_intake_queue_depth 2',
    );
  });

  it('answers 503 within 2 s while Redis is stopped, and 202 again once it is back', async () => {
    const { post, base, prefix } = await startGateway();
    const body = fixtureText('alertmanager', 'resolved');
    expect((await post('/v1/alerts/alertmanager', body)).status).toBe(202);

    await redis.stop();
    const started = performance.now();
    const refused = await post('/v1/alerts/alertmanager', body);
    const elapsedMs = performance.now() - started;
    console.info(`gateway answered ${refused.status} ${elapsedMs.toFixed(1)} ms after Redis stopped`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(elapsedMs).toBeLessThan(2000); // a bound the senders rely on, not a performance claim
    expect((await fetch(`${base}/readyz`)).status).toBe(503);

    await redis.start(); // empty: no persistence
    await pollUntil(
      async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined),
      'readyz 200',
    );
    expect((await post('/v1/alerts/alertmanager', body)).status).toBe(202);
    const jobs = await readerFor(prefix).getJobs(['waiting']);
    expect(jobs.map((job) => intakeJobSchema.parse(job.data).signals[0]?.status)).toEqual(['resolved']);
  });

  it('answers 503 when Redis is down from the start, and 202 once it comes up', async () => {
    const late = await createRedisServer();
    cleanups.push(() => late.stop());
    const { post, prefix } = await startGateway(late);
    const body = fixtureText('azure-monitor', 'prometheus-node-not-ready');
    const started = performance.now();
    expect((await post('/v1/alerts/azure-monitor', body)).status).toBe(503);
    console.info(`gateway answered 503 ${(performance.now() - started).toFixed(1)} ms with Redis never up`);

    await late.start();
    await pollUntil(
      async () => ((await post('/v1/alerts/azure-monitor', body)).status === 202 ? true : undefined),
      'a 202 after Redis came up',
    );
    expect(await readerFor(prefix, late).count()).toBe(1);
  });
});
