import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Simulator } from '../../src/start-simulator.js';
import { kubectl, startFixtureSimulator } from './kubectl-harness.js';

let sim: Simulator;
let dir: string;
const storefront = 'storefront-7b9c4d6f8-q9w2e';

beforeAll(async () => {
  sim = await startFixtureSimulator();
  dir = mkdtempSync(join(tmpdir(), 'sim-exec-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubectl exec', () => {
  it('prints the stdout of a matching rule', async () => {
    const result = await kubectl(sim, ['exec', '-n', 'shop', storefront, '--', 'printenv', 'HOSTNAME']);
    expect(result).toMatchObject({ code: 0, stdout: 'storefront-7b9c4d6f8-q9w2e\n' });
  });

  it('matches rules by image and command glob (an Inspektor Gadget pod)', async () => {
    const result = await kubectl(sim, [
      'exec',
      '-n',
      'gadget',
      'gadget-4kq7z',
      '--',
      'ig',
      'run',
      'trace_dns:v0.55.0',
      '-o',
      'json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rcode: 'NameError' });
  });

  it('passes stderr through and makes kubectl exit with the command exit code', async () => {
    const result = await kubectl(sim, ['exec', '-n', 'shop', storefront, '--', 'sh', '-c', 'exit 3']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('partial output\n');
    expect(result.stderr).toContain('something failed\n');
    expect(result.stderr).toContain('command terminated with exit code 3');
  });

  it('echoes stdin with -i ... cat', async () => {
    const result = await kubectl(sim, ['exec', '-i', '-n', 'shop', storefront, '--', 'cat'], {
      input: 'line one\nline two\n',
    });
    expect(result).toMatchObject({ code: 0, stdout: 'line one\nline two\n' });
  });

  it('fails an unknown program as the container runtime does', async () => {
    const result = await kubectl(sim, ['exec', '-n', 'shop', storefront, '--', 'nslookup', 'payments']);
    expect(result.code).toBe(126);
    expect(result.stderr).toContain('executable file not found in $PATH');
  });

  it('runs in the container chosen with -c and rejects an unknown one', async () => {
    const result = await kubectl(sim, [
      'exec',
      '-n',
      'shop',
      'web-6d8f7b9c4-x2k4p',
      '-c',
      'log-shipper',
      '--',
      'echo',
      'hi',
    ]);
    expect(result).toMatchObject({ code: 0, stdout: 'hi\n' });
    const wrong = await kubectl(sim, [
      'exec',
      '-n',
      'shop',
      'web-6d8f7b9c4-x2k4p',
      '-c',
      'nope',
      '--',
      'echo',
      'hi',
    ]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('container nope is not valid for pod web-6d8f7b9c4-x2k4p');
  });
});

describe('kubectl cp', () => {
  it('copies a file out of the pod byte for byte', async () => {
    const target = join(dir, 'logs.zip');
    const result = await kubectl(sim, ['cp', `shop/${storefront}:/tmp/triage/logs.zip`, target]);
    expect(result.code).toBe(0);
    expect(readFileSync(target)).toEqual(
      Buffer.from('UEsDBAoAAAAAAFdYZFoAAAAAAAAAAAAAAAAIABwAbm90ZS50eHRVVAkAA2hpdGhpdA==', 'base64'),
    );
  });

  it('copies a directory out of the pod', async () => {
    const target = join(dir, 'triage');
    const result = await kubectl(sim, ['cp', `shop/${storefront}:/tmp/triage`, target]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(target, 'summary.txt'), 'utf8')).toBe('3 errors in the last hour\n');
  });

  it('copies a file into the pod, where a later exec reads it', async () => {
    const source = join(dir, 'upload.txt');
    writeFileSync(source, 'uploaded by kubectl cp\n');
    const result = await kubectl(sim, ['cp', source, `shop/${storefront}:/tmp/upload.txt`]);
    expect(result.code).toBe(0);
    const read = await kubectl(sim, ['exec', '-n', 'shop', storefront, '--', 'cat', '/tmp/upload.txt']);
    expect(read).toMatchObject({ code: 0, stdout: 'uploaded by kubectl cp\n' });
  });
});

describe('exec subprotocols', () => {
  const path = (command: string[]) =>
    `/api/v1/namespaces/shop/pods/${storefront}/exec?${command.map((c) => `command=${encodeURIComponent(c)}`).join('&')}&stdout=true&stderr=true`;

  function frames(protocol: string, command: string[]): Promise<(Buffer | string)[]> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${sim.url.replace('http', 'ws')}${path(command)}`, [protocol]);
      const received: (Buffer | string)[] = [];
      ws.on('message', (data: Buffer, isBinary: boolean) => received.push(isBinary ? data : data.toString()));
      ws.on('close', () => resolve(received));
      ws.on('error', reject);
    });
  }

  it('speaks v4.channel.k8s.io with the exit Status on channel 3', async () => {
    const received = (await frames('v4.channel.k8s.io', ['sh', '-c', 'exit 3'])) as Buffer[];
    const byChannel = (n: number) =>
      Buffer.concat(received.filter((f) => f[0] === n).map((f) => f.subarray(1))).toString();
    expect(byChannel(1)).toBe('partial output\n');
    expect(byChannel(2)).toBe('something failed\n');
    expect(JSON.parse(byChannel(3))).toMatchObject({
      status: 'Failure',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('speaks base64.channel.k8s.io with text frames', async () => {
    const received = await frames('base64.channel.k8s.io', ['printenv', 'HOSTNAME']);
    expect(received).toContain(`1${Buffer.from('storefront-7b9c4d6f8-q9w2e\n').toString('base64')}`);
  });

  it('refuses a WebSocket without a channel subprotocol, and plain HTTP with Upgrade request required', async () => {
    await expect(frames('chat', ['true'])).rejects.toThrow(/400/);
    const response = await fetch(`${sim.url}${path(['true'])}`, { method: 'POST' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe('Upgrade request required');
  });
});
