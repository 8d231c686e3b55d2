import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port.js';
import { type RedisProcess, redisCli, spawnRedis } from './redis-process.js';

/** A Sentinel-managed primary/replica pair on free loopback ports, without persistence. */
export interface RedisSentinel {
  /** The primary's name as the sentinels know it. */
  masterName: string;
  /** Every sentinel, as `{ host, port }` for a Sentinel client. */
  sentinels: { host: string; port: number }[];
  /** The port of the primary the sentinels report now. */
  primaryPort(): Promise<number>;
  /** SIGKILLs the current primary (a crash) and returns its port. */
  killPrimary(): Promise<number>;
  /** Waits until the sentinels report a primary other than `port` and it answers as a master. */
  waitForFailover(port: number, timeoutMs?: number): Promise<number>;
  /** Kills every process and removes the files. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisSentinel}. */
export interface RedisSentinelOptions {
  /** Sentinels watching the pair (1–3 make sense here). Default 3, quorum 2. */
  sentinels?: number;
  /** How long a silent primary takes to be considered down. Default 1000 ms (Redis' own default: 30 s). */
  downAfterMs?: number;
  /** `requirepass` of the primary and replica (the sentinels authenticate with it). Default none. */
  password?: string;
  /** `requirepass` of the sentinels themselves. Default none. */
  sentinelPassword?: string;
}

const MASTER_NAME = 'triage-primary';

interface SentinelConf extends RedisSentinelOptions {
  dir: string;
  port: number;
  primaryPort: number;
  quorum: number;
  downAfterMs: number;
}

function sentinelConf(c: SentinelConf): string {
  const { port, primaryPort, quorum, downAfterMs } = c;
  // Sentinel rewrites its own file (known replicas, sentinels, epochs), so every sentinel has one.
  return [
    `port ${port}`,
    'bind 127.0.0.1',
    `dir ${c.dir}`,
    ...(c.sentinelPassword
      ? [`requirepass ${c.sentinelPassword}`, `sentinel sentinel-pass ${c.sentinelPassword}`]
      : []),
    `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${primaryPort} ${quorum}`,
    ...(c.password ? [`sentinel auth-pass ${MASTER_NAME} ${c.password}`] : []),
    `sentinel down-after-milliseconds ${MASTER_NAME} ${downAfterMs}`,
    `sentinel failover-timeout ${MASTER_NAME} ${Math.max(downAfterMs * 5, 5000)}`,
    `sentinel parallel-syncs ${MASTER_NAME} 1`,
    '',
  ].join('\n');
}

/** Lines `key:value` of INFO or a flat `SENTINEL …` reply, as a lookup. */
function fields(reply: string): Map<string, string> {
  const lines = reply.split('\n').map((l) => l.trim());
  const map = new Map<string, string>();
  for (const line of lines) {
    const at = line.indexOf(':');
    if (at > 0) map.set(line.slice(0, at), line.slice(at + 1));
  }
  return map;
}

/**
 * Starts a primary, one replica and `sentinels` sentinels (`redis-server <conf> --sentinel`), and
 * waits until the replica is in sync and every sentinel knows the replica and the other sentinels,
 * so that killing the primary leads to a failover.
 */
export async function startRedisSentinel(options: RedisSentinelOptions = {}): Promise<RedisSentinel> {
  const count = options.sentinels ?? 3;
  const downAfterMs = options.downAfterMs ?? 1000;
  const { password, sentinelPassword } = options;
  const auth = password ? ['--requirepass', password, '--masterauth', password] : [];
  const dir = mkdtempSync(join(tmpdir(), 'triage-redis-sentinel-'));
  const processes = new Map<number, RedisProcess>();
  const sentinelPorts: number[] = [];
  const stop = async () => {
    await Promise.all([...processes.values()].map((p) => p.kill()));
    rmSync(dir, { recursive: true, force: true });
  };
  const server = async (args: string[]) => {
    const port = await freePort();
    processes.set(
      port,
      await spawnRedis(port, [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
        ...['--save', '', '--appendonly', 'no', '--repl-diskless-sync-delay', '0', ...auth, ...args],
      ]),
    );
    return port;
  };
  const primaryPort = async () => {
    // Any sentinel will do: they agree once a failover is over (redis-cli prints host and port on two lines).
    const reply = await redisCli(
      sentinelPorts[0] ?? 0,
      ['sentinel', 'get-master-addr-by-name', MASTER_NAME],
      { password: sentinelPassword },
    );
    return Number(reply.split('\n')[1]);
  };
  try {
    const first = await server([]);
    const replica = await server(['--replicaof', '127.0.0.1', String(first)]);
    await waitFor(
      async () =>
        fields(await redisCli(replica, ['info', 'replication'], { password })).get('master_link_status') ===
        'up',
      30_000,
      'replica in sync',
    );
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const conf = join(dir, `sentinel-${port}.conf`);
      const quorum = Math.floor(count / 2) + 1;
      writeFileSync(conf, sentinelConf({ ...options, dir, port, primaryPort: first, quorum, downAfterMs }));
      processes.set(port, await spawnRedis(port, [conf, '--sentinel']));
      sentinelPorts.push(port);
    }
    for (const port of sentinelPorts)
      await waitFor(
        async () => {
          const reply = await redisCli(port, ['sentinel', 'master', MASTER_NAME], {
            password: sentinelPassword,
          });
          const master = fields(flatToLines(reply));
          return master.get('num-slaves') === '1' && master.get('num-other-sentinels') === String(count - 1);
        },
        60_000,
        `sentinel ${port} to know the replica and the other sentinels`,
      );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    masterName: MASTER_NAME,
    sentinels: sentinelPorts.map((port) => ({ host: '127.0.0.1', port })),
    primaryPort,
    async killPrimary() {
      const port = await primaryPort();
      await processes.get(port)?.kill();
      return port;
    },
    async waitForFailover(port, timeoutMs = 60_000) {
      let now = port;
      await waitFor(
        async () => {
          now = await primaryPort();
          return (
            now !== port &&
            fields(await redisCli(now, ['info', 'replication'], { password })).get('role') === 'master'
          );
        },
        timeoutMs,
        `a failover away from ${port}`,
      );
      return now;
    },
    stop,
  };
}

/** `SENTINEL MASTER` answers a flat list of names and values; redis-cli prints one per line. */
function flatToLines(reply: string): string {
  const items = reply.split('\n');
  const lines: string[] = [];
  for (let i = 0; i + 1 < items.length; i += 2) lines.push(`${items[i]}:${items[i + 1]}`);
  return lines.join('\n');
}
