import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One request the Log Analytics endpoint received. */
export interface QueryRequest {
  path: string;
  authorization: string | undefined;
  body: { query: string; timespan?: string };
}

/** What the endpoint answers to a query: HTTP status and JSON body (and headers). */
export interface QueryAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What the child prints: one result (or `{ error }`) per query, one findings list per run. */
export interface ChildOutput {
  results: unknown[];
  findings: unknown[][];
}

/** The access token the managed-identity endpoint hands out and the query endpoint demands. */
export const testToken = 'test-access-token-not-a-secret';
export const identityHeader = 'test-identity-header';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * A local Log Analytics query API over HTTPS (self-signed certificate for 127.0.0.1 made with the openssl
 * CLI) and an App Service-style managed-identity endpoint over loopback HTTP, as protocols.md §7
 * describes. `answer` decides each query's response; `requests` and `tokenRequests` record the traffic.
 */
export async function startLogAnalyticsEndpoint(answer: (req: QueryRequest) => QueryAnswer) {
  const dir = await mkdtemp(join(tmpdir(), 'triage-la-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
  const requests: QueryRequest[] = [];
  const tokenRequests: { url: string; header: string | undefined }[] = [];

  const queries = createHttpsServer(
    { cert: await readFile(certFile), key: await readFile(keyFile) },
    async (req, res) => {
      const text = await readBody(req);
      const request: QueryRequest = {
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body: JSON.parse(text || '{}') as QueryRequest['body'],
      };
      requests.push(request);
      if (req.headers.authorization !== `Bearer ${testToken}`) {
        json(res, 401, { error: { code: 'AuthenticationFailed', message: 'Authentication failed.' } });
        return;
      }
      const { status, body, headers } = answer(request);
      json(res, status, body, headers);
    },
  );
  const identity = createHttpServer((req, res) => {
    tokenRequests.push({
      url: req.url ?? '',
      header: req.headers['x-identity-header'] as string | undefined,
    });
    if (req.headers['x-identity-header'] !== identityHeader) {
      json(res, 400, { error: 'missing X-IDENTITY-HEADER' });
      return;
    }
    json(res, 200, {
      access_token: testToken,
      expires_on: String(Math.floor(Date.now() / 1000) + 3600),
      resource: 'https://api.loganalytics.io',
      token_type: 'Bearer',
    });
  });
  const queryPort = await listen(queries);
  const identityPort = await listen(identity);
  // Only what the credential chain needs: no AZURE_* variables, so its managed-identity step answers.
  const childEnv = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    NODE_EXTRA_CA_CERTS: certFile,
    IDENTITY_ENDPOINT: `http://127.0.0.1:${identityPort}/msi/token`,
    IDENTITY_HEADER: identityHeader,
  };

  return {
    endpoint: `https://127.0.0.1:${queryPort}/v1`,
    requests,
    tokenRequests,
    /**
     * Environment for a child process that should reach this endpoint with the production credential
     * chain: the self-signed CA (read by Node only at start-up) and the managed-identity endpoint.
     */
    childEnv,
    /** Runs test/support/query-child.ts with the production credential chain pointed here. */
    async child(input: Record<string, unknown>): Promise<ChildOutput> {
      const { stdout } = await run(
        process.execPath,
        [
          '--conditions=source',
          '--import',
          'tsx',
          join(import.meta.dirname, 'query-child.ts'),
          JSON.stringify({ endpoint: `https://127.0.0.1:${queryPort}/v1`, ...input }),
        ],
        {
          cwd: join(import.meta.dirname, '..', '..'),
          timeout: 90_000,
          maxBuffer: 16 * 1024 * 1024,
          env: childEnv,
        },
      );
      return JSON.parse(stdout.trim().split('\n').at(-1) as string) as ChildOutput;
    },
    async close() {
      queries.closeAllConnections();
      identity.closeAllConnections();
      await Promise.all([
        new Promise((resolve) => queries.close(resolve)),
        new Promise((resolve) => identity.close(resolve)),
      ]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
