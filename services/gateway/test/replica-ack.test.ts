import { randomUUID } from 'node:crypto';
import { INTAKE_QUEUE } from '@triage/core';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBullIntake } from '../src/bull-intake.js';
import { createGateway } from '../src/create-gateway.js';
import type { ReplicaAckOptions } from '../src/replica-ack.js';
import { fixtureText } from './support/fixtures.js';
import { createRedisServer, type RedisServer } from './support/redis-server.js';

let primary: RedisServer;
let replica: RedisServer;
let replicaClient: Redis;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  [primary, replica] = await Promise.all([createRedisServer(), createRedisServer()]);
  await Promise.all([primary.start(), replica.start()]);
  replicaClient = new Redis(replica.url, { maxRetriesPerRequest: 1 });
  await replicate(replica, primary);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  replicaClient?.disconnect();
  await Promise.all([primary?.stop(), replica?.stop()]);
});

/** A gateway whose intake writes to `server` and waits for replicas as `replicaAck` says. */
async function gatewayOn(server: RedisServer, replicaAck: ReplicaAckOptions) {
  const prefix = `test-${randomUUID()}`;
  const intake = createBullIntake({ connection: server.url, prefix, replicaAck });
  const app = createGateway({ config: { port: 0 }, intake, metrics: new Registry() });
  cleanups.push(async () => {
    await app.close();
    await intake.close();
  });
  const post = () =>
    app.inject({
      method: 'POST',
      url: '/v1/alerts/alertmanager',
      headers: { 'content-type': 'application/json' },
      payload: fixtureText('alertmanager', 'firing-group'),
    });
  return { prefix, post };
}

describe('replica acknowledgement before 202', () => {
  it('in auto mode, answers 202 once the connected replica holds the intake job', async () => {
    const { prefix, post } = await gatewayOn(primary, { replicas: 'auto', timeoutMs: 5_000 });
    expect((await post()).statusCode).toBe(202);
    // Read from the replica at once: WAIT returned, so the job is there without polling.
    expect(await replicaClient.llen(`${prefix}:${INTAKE_QUEUE}:wait`)).toBe(1);
    expect(await waitCalls(primary)).toBe(1);
  });

  it('in auto mode, does not wait on a primary without replicas', async () => {
    const server = await standalone();
    const { post } = await gatewayOn(server, { replicas: 'auto', timeoutMs: 5_000 });
    expect((await post()).statusCode).toBe(202);
    expect(await waitCalls(server)).toBe(0);
  });

  it('answers 503 with Retry-After when fewer replicas than required acknowledge in time', async () => {
    const { post } = await gatewayOn(primary, { replicas: 2, timeoutMs: 300 });
    const refused = await post();
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json()).toMatchObject({ code: 'TRIAGE_ERR_GATEWAY_QUEUE_UNAVAILABLE' });
  });

  it('in auto mode, accepts again once a lost replica is no longer counted', async () => {
    const [lonePrimary, leavingReplica] = [await standalone(), await standalone()];
    await replicate(leavingReplica, lonePrimary);
    const { post } = await gatewayOn(lonePrimary, { replicas: 'auto', timeoutMs: 1000 });
    expect((await post()).statusCode).toBe(202);

    await leavingReplica.stop();
    // At most the requests of one replica-count period meet a WAIT nobody answers (503); then 202.
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (status !== 202 && Date.now() < deadline) {
      status = (await post()).statusCode;
      expect([202, 503]).toContain(status);
    }
    expect(status).toBe(202);
  });

  it('with 0 required replicas, never waits', async () => {
    const { post } = await gatewayOn(await standalone(), { replicas: 0, timeoutMs: 300 });
    expect((await post()).statusCode).toBe(202);
  });
});

/** Makes `replica` a replica of `of` and waits until it is in sync. */
async function replicate(replica: RedisServer, of: RedisServer): Promise<void> {
  const primaryClient = new Redis(of.url, { maxRetriesPerRequest: 1 });
  const replicaClient = new Redis(replica.url, { maxRetriesPerRequest: 1 });
  try {
    // Sync at once instead of after Redis' default 5 s wait for more replicas.
    await primaryClient.config('SET', 'repl-diskless-sync-delay', '0');
    // Load the sync from the socket, so the replica writes no dump.rdb into the working directory.
    await replicaClient.config('SET', 'repl-diskless-load', 'on-empty-db');
    await replicaClient.replicaof('127.0.0.1', of.port);
    const deadline = Date.now() + 30_000;
    while (!(await replicaClient.info('replication')).includes('master_link_status:up')) {
      if (Date.now() > deadline) throw new Error('the replica did not sync with the primary');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    primaryClient.disconnect();
    replicaClient.disconnect();
  }
}

/** How many WAIT commands `server` has run. */
async function waitCalls(server: RedisServer): Promise<number> {
  const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
  try {
    const stats = await client.info('commandstats');
    return Number(/^cmdstat_wait:calls=(\d+)/m.exec(stats)?.[1] ?? 0);
  } finally {
    client.disconnect();
  }
}

/** A primary of its own, without replicas. */
async function standalone(): Promise<RedisServer> {
  const server = await createRedisServer();
  await server.start();
  cleanups.push(() => server.stop());
  return server;
}
