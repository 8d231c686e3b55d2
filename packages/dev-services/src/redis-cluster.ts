import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port.js';
import { type RedisProcess, redisCli, spawnRedis } from './redis-process.js';

/** A local Redis Cluster of masters without replicas, on free loopback ports, without persistence. */
export interface RedisCluster {
  /** Every master, as `{ host, port }` seed nodes for a cluster client. */
  nodes: { host: string; port: number }[];
  /** Kills every node and removes the cluster's files. */
  stop(): Promise<void>;
}

/**
 * Starts `masters` (default 3) redis-server nodes in cluster mode, joins them with
 * `redis-cli --cluster create` (all 16384 slots spread over them) and waits for `cluster_state:ok`.
 */
export async function startRedisCluster(options: { masters?: number } = {}): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'triage-redis-cluster-'));
  const nodes: RedisProcess[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.kill()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < (options.masters ?? 3); i++) {
      const port = await freePort();
      const busPort = await freePort();
      nodes.push(
        await spawnRedis(port, [
          ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
          ...['--cluster-enabled', 'yes', '--cluster-port', String(busPort)],
          ...['--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000'],
          ...['--save', '', '--appendonly', 'no'],
        ]),
      );
    }
    const [first] = nodes;
    if (!first) throw new Error('a Redis Cluster needs at least one master');
    await redisCli(first.port, [
      '--cluster',
      'create',
      ...nodes.map((n) => `127.0.0.1:${n.port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    for (const node of nodes)
      await waitFor(
        async () => (await redisCli(node.port, ['cluster', 'info'])).includes('cluster_state:ok'),
        30_000,
        `cluster_state:ok on ${node.port}`,
      );
  } catch (err) {
    await stop();
    throw err;
  }
  return { nodes: nodes.map((n) => ({ host: '127.0.0.1', port: n.port })), stop };
}
