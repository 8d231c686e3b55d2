import { PassThrough, Readable } from 'node:stream';
import { Exec, KubeConfig, Log, type V1Status } from '@kubernetes/client-node';
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/start-simulator.js';
import { startFixtureSimulator } from './kubectl-harness.js';

let sim: Simulator;
let kc: KubeConfig;
beforeAll(async () => {
  sim = await startFixtureSimulator();
  kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
});
afterAll(async () => sim?.close());

function collect(stream: PassThrough): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

async function runExec(
  command: string[],
  stdin?: string,
): Promise<{ stdout: string; stderr: string; status: V1Status }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const status = await new Promise<V1Status>((resolve, reject) => {
    // Under vitest, client-node's `isomorphic-ws` import resolves to its browser build (null on Node 20);
    // the socket factory (client-node's injection point) hands it the `ws` class plain Node loads.
    const handler = new WebSocketHandler(
      kc,
      (uri, protocols, options) => new WebSocket(uri, protocols, options),
    );
    new Exec(kc, handler)
      .exec(
        'shop',
        'storefront-7b9c4d6f8-q9w2e',
        'storefront',
        command,
        stdout,
        stderr,
        stdin === undefined ? null : Readable.from([stdin]),
        false,
        resolve,
      )
      .catch(reject);
  });
  return { stdout: await out, stderr: await err, status };
}

describe('@kubernetes/client-node against the simulator', () => {
  it('Exec returns stdout and a Success status', async () => {
    const result = await runExec(['printenv', 'HOSTNAME']);
    expect(result.stdout).toBe('storefront-7b9c4d6f8-q9w2e\n');
    expect(result.status).toEqual({ metadata: {}, status: 'Success' });
  });

  it('Exec reports a non-zero exit code in the status details', async () => {
    const result = await runExec(['sh', '-c', 'exit 3']);
    expect(result.stderr).toBe('something failed\n');
    expect(result.status).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('Exec feeds stdin to the command and half-closes it', async () => {
    const result = await runExec(['cat'], 'from client-node\n');
    expect(result.stdout).toBe('from client-node\n');
  });

  it('Log streams a container log with tailLines', async () => {
    const stream = new PassThrough();
    const text = collect(stream);
    await new Log(kc).log('shop', 'web-6d8f7b9c4-x2k4p', 'web', stream, { tailLines: 2 });
    expect(await text).toBe(
      '10.244.0.12 - - "GET /checkout HTTP/1.1" 502\n10.244.0.12 - - "GET /catalog HTTP/1.1" 200\n',
    );
  });
});
