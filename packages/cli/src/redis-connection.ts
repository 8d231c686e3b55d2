import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { z } from 'zod';
import { CliError } from './errors.js';

const badPort = { error: 'must be a TCP port 1–65535 (write host:port)' };
const nodeSchema = z.strictObject({
  host: z.string().min(1),
  port: z.coerce.number(badPort).int(badPort).min(1, badPort).max(65_535, badPort),
});

/** `host:port` as the environment writes it (`REDIS_SENTINELS=10.0.0.1:26379,10.0.0.2:26379`). */
function parseNodeList(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.lastIndexOf(':');
      return at < 0 ? { host: entry, port: '' } : { host: entry.slice(0, at), port: entry.slice(at + 1) };
    });
}

const nodeListSchema = z.preprocess(parseNodeList, z.array(nodeSchema).min(1));

/**
 * The hash tag of a key prefix (`{triage}` → `triage`), as Redis Cluster reads it: the text between
 * the first `{` and the next `}`, when not empty. Keys sharing a hash tag live in one slot, which
 * BullMQ's multi-key scripts and the investigation store's MULTIs need on a Cluster.
 */
export function hashTagOf(prefix: string): string | undefined {
  const open = prefix.indexOf('{');
  if (open < 0) return undefined;
  const close = prefix.indexOf('}', open + 1);
  return close > open + 1 ? prefix.slice(open + 1, close) : undefined;
}

/**
 * Where Redis is and how to reach it: a standalone `url` (default), a Sentinel-managed primary
 * (`sentinels` + `sentinelName`) or a Cluster (`cluster` seed nodes, with a hash-tagged `prefix`).
 */
export const redisConfigSchema = z
  .strictObject({
    /** Standalone server; user, password, db and TLS (`rediss://`) go in the URL. Ignored with sentinels or cluster. */
    url: z.string().min(1).default('redis://127.0.0.1:6379'),
    /** Key prefix of every queue and record; a `{hash-tag}` keeps them in one slot on Redis Cluster. */
    prefix: z.string().min(1).default('triage'),
    /** Sentinels that know the primary (`[{host, port}]` or `host:port,host:port`). */
    sentinels: nodeListSchema.optional(),
    /** The primary's name as the sentinels know it (`sentinel monitor <name> …`). */
    sentinelName: z.string().min(1).optional(),
    /** Password of the sentinels themselves (`requirepass` in sentinel.conf), when set. */
    sentinelPassword: z.string().min(1).optional(),
    /** Seed nodes of a Redis Cluster (`[{host, port}]` or `host:port,host:port`); the rest is discovered. */
    cluster: nodeListSchema.optional(),
    /** ACL user and password of the data nodes (Sentinel and Cluster; a standalone URL carries its own). */
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /**
     * TLS to the data nodes (Sentinel and Cluster; also standalone, where `rediss://` does the same):
     * `true` trusts the system CAs (managed Redis), `{ caFile }` a private CA. The certificates must
     * name the addresses the nodes announce. Sentinels themselves are reached without TLS.
     */
    tls: z.union([z.boolean(), z.stringbool(), z.strictObject({ caFile: z.string().min(1) })]).optional(),
    /**
     * Replicas that must acknowledge an intake job (Redis `WAIT`) before the gateway answers 202:
     * `auto` waits for one when the primary has replicas connected and for none otherwise; a number
     * always waits for that many (0: never). Without the acknowledgement the sender gets 503 and retries.
     */
    minReplicasAcked: z.union([z.literal('auto'), z.coerce.number().int().min(0)]).default('auto'),
    /** How long the gateway waits for replica acknowledgement. Keep it below gateway.enqueueTimeoutMs. */
    replicaAckTimeoutMs: z.coerce.number().int().positive().default(1000),
  })
  .superRefine((redis, ctx) => {
    if (redis.sentinels && redis.cluster)
      ctx.addIssue({
        code: 'custom',
        path: ['cluster'],
        message: 'set either sentinels or cluster, not both',
      });
    if (redis.sentinels && !redis.sentinelName)
      ctx.addIssue({
        code: 'custom',
        path: ['sentinelName'],
        message: 'sentinels need sentinelName, the primary name of `sentinel monitor <name> …`',
      });
    if (redis.cluster && !hashTagOf(redis.prefix))
      ctx.addIssue({
        code: 'custom',
        path: ['prefix'],
        message: `on Redis Cluster the prefix needs a hash tag so each queue's keys share a slot, e.g. "{${redis.prefix.replace(/[{}]/g, '')}}"`,
      });
  });
export type RedisConfig = z.output<typeof redisConfigSchema>;

/** How Triage runs on this Redis: the mode, for logs (never with secrets). */
export function describeRedis(config: RedisConfig): string {
  if (config.cluster) return `cluster (${config.cluster.length} seed nodes, prefix ${config.prefix})`;
  if (config.sentinels)
    return `sentinel (${config.sentinelName}, ${config.sentinels.length} sentinels, prefix ${config.prefix})`;
  return `standalone (prefix ${config.prefix})`;
}

/** The TLS options of the data-node connections, if TLS is on. */
function tlsOptions(tls: RedisConfig['tls']): ConnectionOptions | undefined {
  if (!tls) return undefined;
  if (tls === true) return {};
  try {
    return { ca: readFileSync(tls.caFile) };
  } catch (err) {
    throw new CliError(
      'TRIAGE_ERR_CLI_CONFIG',
      `cannot read redis.tls.caFile ${tls.caFile}: ${(err as Error).message}`,
    );
  }
}

/**
 * Opens one ioredis connection to the configured Redis, with `tuning` (timeouts, retries, offline
 * queue) applied to every data-node connection. Workers need `{ maxRetriesPerRequest: null }`.
 *
 * @example createRedisConnection(config.redis, { maxRetriesPerRequest: null })
 */
export function createRedisConnection(config: RedisConfig, tuning: RedisOptions = {}): Redis | Cluster {
  const tls = tlsOptions(config.tls);
  const nodeOptions = {
    ...(config.username ? { username: config.username } : {}),
    ...(config.password ? { password: config.password } : {}),
    ...(tls ? { tls } : {}),
  };
  if (config.cluster)
    return new Cluster(config.cluster, {
      redisOptions: { ...tuning, ...nodeOptions },
      // The cluster client keeps its own offline queue and reconnect policy besides the nodes'.
      ...(tuning.enableOfflineQueue === undefined ? {} : { enableOfflineQueue: tuning.enableOfflineQueue }),
      ...(tuning.retryStrategy ? { clusterRetryStrategy: tuning.retryStrategy } : {}),
    });
  if (config.sentinels)
    return new Redis({
      ...tuning,
      ...nodeOptions,
      sentinels: config.sentinels,
      name: config.sentinelName,
      ...(config.sentinelPassword ? { sentinelPassword: config.sentinelPassword } : {}),
      ...(tls ? { enableTLSForSentinelMode: true } : {}),
      // No ioredis failoverDetector: its switch-master disconnect, arriving while the client resolves the
      // primary after a crash, ends the connection for good (status `end`, seen in the failover test).
      // Sentinel itself drops the clients of a demoted primary, which is all reconnecting needs.
    });
  return new Redis(config.url, { ...tuning, ...(tls ? { tls } : {}) });
}
