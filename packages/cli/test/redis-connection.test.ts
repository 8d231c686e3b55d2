import {
  type RedisCluster,
  type RedisSentinel,
  type RedisServer,
  startLocalRedis,
  startRedisCluster,
  startRedisSentinel,
} from '@triage/dev-services';
import { INTAKE_QUEUE } from '@triage/core';
import { createBullIntake } from '@triage/gateway';
import { createInvestigationStore } from '@triage/runner';
import { type Cluster, Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createRedisConnection, hashTagOf, redisConfigSchema } from '../src/redis-connection.js';

const issuesOf = (input: unknown) =>
  redisConfigSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('hashTagOf', () => {
  it('reads the hash tag as Redis Cluster does: the first non-empty {…}', () => {
    expect(hashTagOf('{triage}')).toBe('triage');
    expect(hashTagOf('prod{triage}')).toBe('triage');
    expect(hashTagOf('a{b}c{d}')).toBe('b');
    expect(hashTagOf('triage')).toBeUndefined();
    expect(hashTagOf('{}triage')).toBeUndefined();
    expect(hashTagOf('{triage')).toBeUndefined();
  });
});

describe('redisConfigSchema', () => {
  it('defaults to a standalone server and waits for replica acknowledgement when replicas exist', () => {
    expect(redisConfigSchema.parse({})).toEqual({
      url: 'redis://127.0.0.1:6379',
      prefix: 'triage',
      minReplicasAcked: 'auto',
      replicaAckTimeoutMs: 1000,
    });
  });

  it('refuses a Cluster whose prefix has no hash tag, and suggests one', () => {
    expect(issuesOf({ cluster: [{ host: 'redis-0', port: 6379 }], prefix: 'triage' })).toEqual([
      'prefix: on Redis Cluster the prefix needs a hash tag so each queue\'s keys share a slot, e.g. "{triage}"',
    ]);
    expect(issuesOf({ cluster: [{ host: 'redis-0', port: 6379 }], prefix: '{triage}' })).toEqual([]);
  });

  it('refuses sentinels without the primary name, and sentinels together with a cluster', () => {
    expect(issuesOf({ sentinels: [{ host: 's', port: 26379 }] })).toEqual([
      'sentinelName: sentinels need sentinelName, the primary name of `sentinel monitor <name> …`',
    ]);
    expect(
      issuesOf({
        sentinels: [{ host: 's', port: 26379 }],
        sentinelName: 'mymaster',
        cluster: [{ host: 'c', port: 6379 }],
        prefix: '{t}',
      }),
    ).toEqual(['cluster: set either sentinels or cluster, not both']);
  });

  it('refuses a node list entry without a valid port', () => {
    expect(issuesOf({ cluster: 'redis-0', prefix: '{t}' })).toEqual([
      'cluster.0.port: must be a TCP port 1–65535 (write host:port)',
    ]);
  });

  it('takes sentinels, cluster nodes and passwords from the environment', () => {
    const sentinel = loadConfig({
      env: {
        REDIS_SENTINELS: 'sentinel-0:26379, sentinel-1:26379',
        REDIS_SENTINEL_NAME: 'mymaster',
        REDIS_PASSWORD: 'data-secret',
        REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
      },
    }).redis;
    expect(sentinel).toMatchObject({
      sentinels: [
        { host: 'sentinel-0', port: 26379 },
        { host: 'sentinel-1', port: 26379 },
      ],
      sentinelName: 'mymaster',
      password: 'data-secret',
      sentinelPassword: 'sentinel-secret',
    });
    const cluster = loadConfig({
      env: { REDIS_CLUSTER_NODES: '10.0.0.1:6379,10.0.0.2:6379', TRIAGE_REDIS_PREFIX: '{triage}' },
    }).redis;
    expect(cluster).toMatchObject({
      cluster: [{ host: '10.0.0.1' }, { host: '10.0.0.2' }],
      prefix: '{triage}',
    });
  });

  it('takes TLS from the environment: on, or with a private CA file', () => {
    expect(loadConfig({ env: { REDIS_TLS: 'true' } }).redis.tls).toBe(true);
    expect(loadConfig({ env: { REDIS_TLS_CA_FILE: '/etc/redis-ca/ca.crt' } }).redis.tls).toEqual({
      caFile: '/etc/redis-ca/ca.crt',
    });
  });

  it('says which CA file it cannot read', () => {
    const config = redisConfigSchema.parse({ tls: { caFile: '/nonexistent/ca.crt' } });
    expect(() => createRedisConnection(config)).toThrow(
      /cannot read redis\.tls\.caFile \/nonexistent\/ca\.crt/,
    );
  });

  it('names the bad redis key when the loaded config is invalid', () => {
    expect(() => loadConfig({ env: { REDIS_CLUSTER_NODES: '10.0.0.1:6379' } })).toThrow(
      /redis\.prefix: on Redis Cluster the prefix needs a hash tag/,
    );
  });
});

/** Writes and reads back an investigation through the store: every MULTI it runs must stay in one slot. */
async function roundTrip(connection: Redis | Cluster, prefix: string) {
  const store = createInvestigationStore(connection, prefix);
  const now = new Date('2026-11-22T10:00:00Z');
  const { investigation } = await store.openOrJoin(
    { cluster: 'aks', subject: 'node/aks-1', title: 'KubeNodeNotReady', channel: '#t' },
    now,
  );
  await store.addFiring(investigation, 'fp-1', now);
  await store.saveMessage(investigation.id, 'headline', '1.0001');
  await store.saveRun(investigation.id, 'run-1', { playbook: 'node-health', counts: {}, failed: false });
  expect(await store.listOpen('aks')).toMatchObject([{ id: investigation.id, signals: 1 }]);
  await store.close(investigation.id, now);
  expect(await store.get(investigation.id)).toMatchObject({ state: 'resolved' });
  expect(await store.listOpen('aks')).toEqual([]);
}

// The Cluster and the Sentinel pair require passwords, so the tests cover how they are passed on.
const CLUSTER_PASSWORD = 'cluster-s3cret';
const DATA_PASSWORD = 'data-s3cret';
const SENTINEL_PASSWORD = 'sentinel-s3cret';

describe('createRedisConnection with real servers', () => {
  let standalone: RedisServer;
  let cluster: RedisCluster;
  let tlsCluster: RedisCluster;
  let sentinel: RedisSentinel;
  const connections: (Redis | Cluster)[] = [];
  const open = (input: unknown) => {
    const connection = createRedisConnection(redisConfigSchema.parse(input), { maxRetriesPerRequest: 1 });
    connections.push(connection);
    return connection;
  };

  beforeAll(async () => {
    [standalone, cluster, sentinel, tlsCluster] = await Promise.all([
      startLocalRedis(),
      startRedisCluster({ replicas: 1, password: CLUSTER_PASSWORD }),
      startRedisSentinel({ sentinels: 1, password: DATA_PASSWORD, sentinelPassword: SENTINEL_PASSWORD }),
      startRedisCluster({ tls: true }),
    ]);
  }, 120_000);
  afterEach(async () => {
    for (const connection of connections.splice(0)) connection.disconnect();
  });
  afterAll(async () => {
    await Promise.all([standalone?.stop(), cluster?.stop(), sentinel?.stop(), tlsCluster?.stop()]);
  });

  it('reaches a standalone server by URL', async () => {
    await roundTrip(open({ url: standalone.url }), 'triage');
  });

  it('reaches every master of a password-protected Cluster and keeps the store in the prefix hash tag slot', async () => {
    const connection = open({
      cluster: cluster.nodes.slice(0, 1),
      prefix: '{triage}',
      password: CLUSTER_PASSWORD,
    });
    await roundTrip(connection, '{triage}');
    expect((connection as Cluster).nodes('master')).toHaveLength(3);
  });

  it('reaches a Cluster that speaks only TLS, trusting its private CA', async () => {
    await roundTrip(
      open({ cluster: tlsCluster.nodes.slice(0, 1), prefix: '{triage}', tls: { caFile: tlsCluster.caFile } }),
      '{triage}',
    );
  });

  it('without a hash tag, the store meets the CROSSSLOT refusal the config check prevents', async () => {
    await expect(
      roundTrip(open({ cluster: cluster.nodes, prefix: '{t}', password: CLUSTER_PASSWORD }), 'plain'),
    ).rejects.toThrow(/slot/i);
  });

  it('on a Cluster, the intake waits for the replica of the master that holds the prefix slot', async () => {
    const config = redisConfigSchema.parse({
      cluster: cluster.nodes.slice(0, 1),
      prefix: '{intake}',
      password: CLUSTER_PASSWORD,
    });
    const intake = createBullIntake({
      connection: (tuning) => createRedisConnection(config, tuning),
      prefix: config.prefix,
      replicaAck: { replicas: 'auto', timeoutMs: 5_000 },
    });
    try {
      await intake.enqueue([], new Date().toISOString());
    } finally {
      await intake.close();
    }
    const waits = await Promise.all(
      cluster.nodes.map(async ({ port }) => {
        const node = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1, password: CLUSTER_PASSWORD });
        try {
          const stats = await node.info('commandstats');
          const role = /^role:(\w+)/m.exec(await node.info('replication'))?.[1];
          // A replica answers reads of its master's slots only after READONLY; other nodes answer MOVED.
          if (role === 'slave') await node.call('READONLY');
          const jobs = await node.llen(`{intake}:${INTAKE_QUEUE}:wait`).catch(() => 0);
          return { role, waits: Number(/^cmdstat_wait:calls=(\d+)/m.exec(stats)?.[1] ?? 0), jobs };
        } finally {
          node.disconnect();
        }
      }),
    );
    // One WAIT, on the master holding the job; its replica already has the job when enqueue resolves.
    expect(waits.filter((n) => n.waits > 0)).toEqual([{ role: 'master', waits: 1, jobs: 1 }]);
    expect(waits.filter((n) => n.role === 'slave' && n.jobs === 1)).toHaveLength(1);
  });

  it('writes to the primary the sentinels name, with the data and sentinel passwords', async () => {
    const connection = open({
      sentinels: sentinel.sentinels,
      sentinelName: sentinel.masterName,
      password: DATA_PASSWORD,
      sentinelPassword: SENTINEL_PASSWORD,
    });
    await roundTrip(connection, 'triage');
    const server = await (connection as Redis).info('server');
    expect(server).toContain(`tcp_port:${await sentinel.primaryPort()}`);
    expect(await (connection as Redis).info('replication')).toMatch(/role:master/);
  });
});
