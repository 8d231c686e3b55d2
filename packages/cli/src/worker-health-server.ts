import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** How long /readyz waits for Redis before answering 503 (probes time out after 2 s). */
const READY_TIMEOUT_MS = 1000;

/** What /readyz asks: the worker's Redis connection. */
export interface Pingable {
  ping(): Promise<unknown>;
}

/** A listening worker health server. */
export interface WorkerHealthServer {
  /** `http://host:port` */
  url: string;
  close(): Promise<void>;
}

async function answersWithin(redis: Pingable, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      redis.ping().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The HTTP side of a worker-only process (`triage worker`), which has no gateway: `/healthz` (the
 * process answers), `/readyz` (Redis answers within 1 s, else 503) and `/metrics` (the runner's
 * metrics, which otherwise only a `serve` process's gateway exposes). Everything else is 404.
 *
 * @example const health = await startWorkerHealthServer({ registry, redis, port: 8080, host: '0.0.0.0' });
 */
export async function startWorkerHealthServer(options: {
  registry: Registry;
  redis: Pingable;
  port: number;
  host: string;
}): Promise<WorkerHealthServer> {
  const { registry, redis } = options;
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type }).end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return send(405, JSON.stringify({ message: 'only GET' }));
    if (path === '/healthz') return send(200, JSON.stringify({ status: 'ok' }));
    if (path === '/readyz') {
      answersWithin(redis, READY_TIMEOUT_MS).then((ready) =>
        ready
          ? send(200, JSON.stringify({ status: 'ready' }))
          : send(
              503,
              JSON.stringify({ status: 'unavailable', message: 'the queue (Redis) does not answer' }),
            ),
      );
      return;
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => send(200, text, registry.contentType),
        (err: Error) => send(500, JSON.stringify({ message: `metrics failed: ${err.message}` })),
      );
      return;
    }
    send(404, JSON.stringify({ message: `no route ${path}; try /healthz, /readyz or /metrics` }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
