import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/start-simulator.js';
import { eventually, kubectl, startFixtureSimulator } from './kubectl-harness.js';

let sim: Simulator;
const now = Date.now();
const stamp = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();

beforeAll(async () => {
  sim = await startFixtureSimulator((rules) => ({
    ...rules,
    logs: [
      ...rules.logs,
      {
        pod: 'shop/storefront-7b9c4d6f8-q9w2e',
        previous: false,
        text: `${stamp(180)} listening on :3000\n${stamp(30)} GET /checkout 502\n${stamp(5)} GET /checkout 502\n`,
      },
    ],
  }));
});
afterAll(async () => sim?.close());

describe('kubectl logs', () => {
  it('prints the scenario text of the chosen container', async () => {
    const result = await kubectl(sim, ['logs', '-n', 'shop', 'web-6d8f7b9c4-x2k4p', '-c', 'log-shipper']);
    expect(result).toMatchObject({ code: 0, stdout: '[info] fluent-bit started\n' });
  });

  it('defaults to the first container with kubectl notice, and honours --tail', async () => {
    const result = await kubectl(sim, ['logs', '-n', 'shop', 'web-6d8f7b9c4-x2k4p', '--tail=1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('10.244.0.12 - - "GET /catalog HTTP/1.1" 200\n');
    expect(result.stderr).toContain('Defaulted container "web"');
  });

  it('serves the previous container instance with --previous', async () => {
    const result = await kubectl(sim, [
      'logs',
      '-n',
      'shop',
      'web-6d8f7b9c4-x2k4p',
      '-c',
      'web',
      '--previous',
    ]);
    expect(result).toMatchObject({ code: 0, stdout: 'fatal: out of memory\n' });
    const none = await kubectl(sim, ['logs', '-n', 'shop', 'storefront-7b9c4d6f8-q9w2e', '--previous']);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain(
      'previous terminated container "storefront" in pod "storefront-7b9c4d6f8-q9w2e" not found',
    );
  });

  it('filters by --since using the timestamps that start the lines, and adds --timestamps', async () => {
    const result = await kubectl(sim, ['logs', '-n', 'shop', 'storefront-7b9c4d6f8-q9w2e', '--since=1h']);
    expect(result.stdout.trim().split('\n')).toEqual([
      `${stamp(30)} GET /checkout 502`,
      `${stamp(5)} GET /checkout 502`,
    ]);
    const timed = await kubectl(sim, [
      'logs',
      '-n',
      'shop',
      'storefront-7b9c4d6f8-q9w2e',
      '--tail=1',
      '--timestamps',
    ]);
    expect(timed.stdout).toBe(`${stamp(5).replace('Z', '000000Z')} ${stamp(5)} GET /checkout 502\n`);
  });

  it('honours --since-time and --limit-bytes', async () => {
    const since = await kubectl(sim, [
      'logs',
      '-n',
      'shop',
      'storefront-7b9c4d6f8-q9w2e',
      `--since-time=${stamp(10)}`,
    ]);
    expect(since.stdout).toBe(`${stamp(5)} GET /checkout 502\n`);
    const limited = await kubectl(sim, [
      'logs',
      '-n',
      'shop',
      'storefront-7b9c4d6f8-q9w2e',
      '--limit-bytes=10',
    ]);
    expect(limited.stdout).toBe(stamp(180).slice(0, 10));
  });

  it('answers 400 with the real message when a multi-container pod is asked without container', async () => {
    const response = await fetch(`${sim.url}/api/v1/namespaces/shop/pods/web-6d8f7b9c4-x2k4p/log`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      message:
        'a container name must be specified for pod web-6d8f7b9c4-x2k4p, choose one of: [web log-shipper]',
    });
    expect(
      (
        await fetch(
          `${sim.url}/api/v1/namespaces/shop/pods/web-6d8f7b9c4-x2k4p/log?container=web&tailLines=x`,
        )
      ).status,
    ).toBe(400);
  });

  it('follows a created pod with -f until the pod finishes', async () => {
    const run = await kubectl(sim, [
      'run',
      'trace-follow',
      '-n',
      'shop',
      '--restart=Never',
      '--image=ghcr.io/inspektor-gadget/inspektor-gadget:v0.55.0',
      '--',
      'trace_dns',
    ]);
    expect(run).toMatchObject({ code: 0, stdout: 'pod/trace-follow created\n' });
    await eventually(
      () =>
        (sim.store.get('pods', 'shop', 'trace-follow')?.status as { phase?: string })?.phase === 'Running' ||
        undefined,
      'trace-follow running',
    );
    const followed = await kubectl(sim, ['logs', '-f', '-n', 'shop', 'trace-follow'], { timeoutMs: 30_000 });
    expect(followed.code).toBe(0);
    expect(followed.stdout.trim().split('\n')).toHaveLength(2);
    expect(followed.stdout).toContain('"rcode":"NameError"');
    expect(
      (sim.store.get('pods', 'shop', 'trace-follow')?.status as { phase?: string } | undefined)?.phase,
    ).toBe('Succeeded');
  });
});
