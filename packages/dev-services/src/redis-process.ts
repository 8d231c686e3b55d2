import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { waitFor } from './free-port.js';

/** One redis-server process (a server, a cluster node or a sentinel) on a loopback port. */
export interface RedisProcess {
  port: number;
  /** SIGKILL, like a crash: nothing flushed. Resolves when the process has exited. */
  kill(): Promise<void>;
}

/** True when a RESP PING on `port` answers: PONG, or NOAUTH from a server with a password. */
export function pingable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(/^(\+PONG|-NOAUTH)/.test(d.toString()));
    });
    socket.once('error', () => resolve(false));
  });
}

/** Runs redis-server with `args` and waits until it answers PING on `port`. */
export async function spawnRedis(port: number, args: string[]): Promise<RedisProcess> {
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err) =>
      reject(new Error(`cannot start redis-server (apt-get install redis-server): ${err.message}`)),
    );
    child.once('exit', (code) => reject(new Error(`redis-server on ${port} exited with ${code}`)));
  });
  try {
    await Promise.race([waitFor(() => pingable(port), 15_000, `redis-server on ${port}`), failed]);
  } catch (err) {
    await kill();
    throw err;
  }
  failed.catch(() => {}); // a later exit (a kill) is expected
  return { port, kill };
}

const execFileAsync = promisify(execFile);

/** Runs one redis-cli command against `port` (with `password` when set) and returns its output (trimmed). */
export async function redisCli(port: number, args: string[], password?: string): Promise<string> {
  const auth = password ? ['-a', password, '--no-auth-warning'] : [];
  const { stdout } = await execFileAsync(
    'redis-cli',
    ['-h', '127.0.0.1', '-p', String(port), ...auth, ...args],
    {
      timeout: 30_000,
    },
  );
  return stdout.trim();
}
