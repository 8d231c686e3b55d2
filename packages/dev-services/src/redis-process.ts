import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { promisify } from 'node:util';
import { waitFor } from './free-port.js';

/** One redis-server process (a server, a cluster node or a sentinel) on a loopback port. */
export interface RedisProcess {
  port: number;
  /** SIGKILL, like a crash: nothing flushed. Resolves when the process has exited. */
  kill(): Promise<void>;
}

/** How redis-cli and the readiness check reach a server: its password, the CA of its TLS port. */
export interface RedisAccess {
  password?: string;
  /** PEM file of the CA that signed the server's certificate; set when the port speaks TLS. */
  caFile?: string;
}

/** True when a RESP PING on `port` answers: PONG, or NOAUTH from a server with a password. */
export function pingable(port: number, access: RedisAccess = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = access.caFile
      ? connectTls({ port, host: '127.0.0.1', ca: readFileSync(access.caFile) })
      : connect(port, '127.0.0.1');
    socket.once(access.caFile ? 'secureConnect' : 'connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(/^(\+PONG|-NOAUTH)/.test(d.toString()));
    });
    socket.once('error', () => resolve(false));
  });
}

/** Runs redis-server with `args` and waits until it answers PING on `port`. */
export async function spawnRedis(
  port: number,
  args: string[],
  access: RedisAccess = {},
): Promise<RedisProcess> {
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
    await Promise.race([waitFor(() => pingable(port, access), 15_000, `redis-server on ${port}`), failed]);
  } catch (err) {
    await kill();
    throw err;
  }
  failed.catch(() => {}); // a later exit (a kill) is expected
  return { port, kill };
}

const execFileAsync = promisify(execFile);

/** Runs one redis-cli command against `port` and returns its output (trimmed). */
export async function redisCli(port: number, args: string[], access: RedisAccess = {}): Promise<string> {
  const auth = [
    ...(access.password ? ['-a', access.password, '--no-auth-warning'] : []),
    ...(access.caFile ? ['--tls', '--cacert', access.caFile] : []),
  ];
  const { stdout } = await execFileAsync(
    'redis-cli',
    ['-h', '127.0.0.1', '-p', String(port), ...auth, ...args],
    {
      timeout: 30_000,
    },
  );
  return stdout.trim();
}
