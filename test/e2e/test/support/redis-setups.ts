import {
  type RedisCluster,
  type RedisSentinel,
  type RedisServer,
  startLocalRedis,
  startRedisCluster,
  startRedisSentinel,
} from '@triage/dev-services';

/** How an end-to-end test gets its Redis, and the environment that points Triage at it. */
export interface RedisSetup<R extends { stop(): Promise<void> }> {
  start(): Promise<R>;
  /** The documented variables (REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES, …) for this Redis. */
  env(redis: R): NodeJS.ProcessEnv;
}

const nodeList = (nodes: { host: string; port: number }[]) =>
  nodes.map((n) => `${n.host}:${n.port}`).join(',');

/** One local redis-server (the default). */
export const standaloneRedis: RedisSetup<RedisServer> = {
  start: startLocalRedis,
  env: (redis) => ({ REDIS_URL: redis.url }),
};

/** Three masters, no replicas; the prefix carries the hash tag BullMQ needs on a Cluster. */
export const clusterRedis: RedisSetup<RedisCluster> = {
  start: () => startRedisCluster({ masters: 3 }),
  env: (redis) => ({ REDIS_CLUSTER_NODES: nodeList(redis.nodes), TRIAGE_REDIS_PREFIX: '{triage}' }),
};

/** A primary and a replica watched by three sentinels that fail over one second after a crash. */
export const sentinelRedis: RedisSetup<RedisSentinel> = {
  start: () => startRedisSentinel({ sentinels: 3, downAfterMs: 1000 }),
  env: (redis) => ({ REDIS_SENTINELS: nodeList(redis.sentinels), REDIS_SENTINEL_NAME: redis.masterName }),
};
