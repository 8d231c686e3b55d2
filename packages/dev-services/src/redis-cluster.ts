import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port.js';
import { type RedisAccess, type RedisProcess, redisCli, spawnRedis } from './redis-process.js';
import { createTestCertificates } from './test-certificates.js';

/** A local Redis Cluster on free loopback ports, without persistence. */
export interface RedisCluster {
  /** Every node, as `{ host, port }` seed nodes for a cluster client. */
  nodes: { host: string; port: number }[];
  /** With `tls`: the PEM file of the CA that signed the nodes' certificate (for 127.0.0.1). */
  caFile?: string;
  /** SIGKILLs the node on `port` (a crash); with replicas, the cluster fails over after the node timeout. */
  kill(port: number): Promise<void>;
  /** Kills every node and removes the cluster's files. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisCluster}. */
export interface RedisClusterOptions {
  /** Masters sharing the 16384 slots; at least 3 (redis-cli's minimum). Default 3. */
  masters?: number;
  /** Replicas of each master. Default 0. */
  replicas?: number;
  /** `requirepass` (and `masterauth`) of every node. Default none. */
  password?: string;
  /** Clients, replication and the cluster bus speak TLS only (a throw-away CA). Default false. */
  tls?: boolean;
}

/** redis-server arguments of a node listening on `port`, plain or TLS-only with the given certificates. */
function listenArgs(port: number, tls: ReturnType<typeof createTestCertificates> | undefined): string[] {
  if (!tls) return ['--port', String(port)];
  return [
    ...['--port', '0', '--tls-port', String(port), '--tls-cluster', 'yes', '--tls-replication', 'yes'],
    ...['--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile, '--tls-ca-cert-file', tls.caFile],
    ...['--tls-auth-clients', 'no'],
  ];
}

/**
 * Starts redis-server nodes in cluster mode, joins them with `redis-cli --cluster create` (the slots
 * spread over the masters, replicas assigned by redis-cli) and waits for `cluster_state:ok` on every
 * node and for every replica to be in sync.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const replicas = options.replicas ?? 0;
  const { password } = options;
  const auth = password ? ['--requirepass', password, '--masterauth', password] : [];
  const dir = mkdtempSync(join(tmpdir(), 'triage-redis-cluster-'));
  const certificates = options.tls ? createTestCertificates(dir) : undefined;
  const access: RedisAccess = { password, caFile: certificates?.caFile };
  const nodes: RedisProcess[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.kill()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < (options.masters ?? 3) * (1 + replicas); i++) {
      const port = await freePort();
      const busPort = await freePort();
      nodes.push(
        await spawnRedis(
          port,
          [
            ...listenArgs(port, certificates),
            ...['--bind', '127.0.0.1', '--dir', dir],
            ...['--cluster-enabled', 'yes', '--cluster-port', String(busPort)],
            ...['--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000'],
            ...['--save', '', '--appendonly', 'no', '--repl-diskless-sync-delay', '0', ...auth],
          ],
          access,
        ),
      );
    }
    const [first] = nodes;
    if (!first) throw new Error('a Redis Cluster needs at least one master');
    await redisCli(
      first.port,
      [
        '--cluster',
        'create',
        ...nodes.map((n) => `127.0.0.1:${n.port}`),
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      access,
    );
    for (const node of nodes)
      await waitFor(
        async () => {
          const state = await redisCli(node.port, ['cluster', 'info'], access);
          const replication = await redisCli(node.port, ['info', 'replication'], access);
          return state.includes('cluster_state:ok') && !replication.includes('master_link_status:down');
        },
        30_000,
        `cluster_state:ok and replicas in sync on ${node.port}`,
      );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    nodes: nodes.map((n) => ({ host: '127.0.0.1', port: n.port })),
    ...(certificates ? { caFile: certificates.caFile } : {}),
    async kill(port) {
      await nodes.find((n) => n.port === port)?.kill();
    },
    stop,
  };
}
