import { type ChildProcess, spawn } from 'node:child_process';
import { freePort, waitFor } from './free-port.js';
import { pingable } from './redis-process.js';

/** A local redis-server on a free loopback port, without persistence (the demo's queue, and the tests'). */
export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (SIGKILL: like a crash, nothing flushed). */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
}

/** Starts redis-server (Debian package) on a free port; throws with an install hint when it is missing. */
export async function startLocalRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    const failed = new Promise<never>((_, reject) =>
      child?.once('error', (err) =>
        reject(new Error(`cannot start redis-server (apt-get install redis-server): ${err.message}`)),
      ),
    );
    await Promise.race([waitFor(() => pingable(port), 10_000, `redis-server on ${port}`), failed]);
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once('exit', r));
    running.kill('SIGKILL');
    await exited;
  };
  await launch();
  return { port, url: `redis://127.0.0.1:${port}`, stop, restart: launch };
}
