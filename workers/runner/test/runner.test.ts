import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createConsoleAdapter, readTranscript, type TranscriptEntry } from '@triage/chat';
import {
  definePlaybook,
  INTAKE_JOB,
  INTAKE_QUEUE,
  type KubeObject,
  type KubeReader,
  type Signal,
} from '@triage/core';
import { type RedisServer, startLocalRedis, waitFor } from '@triage/dev-services';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createInvestigationStore, createRunner, type Runner, runnerConfigSchema } from '../src/index.js';

// A cluster with one NotReady node and a pod on it: a fake of our own KubeReader interface.
const nodes: KubeObject[] = [
  {
    metadata: { name: 'n-bad' },
    status: {
      conditions: [{ type: 'Ready', status: 'Unknown' }],
      addresses: [{ type: 'InternalIP', address: '10.224.0.9' }],
    },
  },
  { metadata: { name: 'n-good' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
];
const pods: KubeObject[] = [
  { metadata: { name: 'web-1', namespace: 'shop' }, spec: { nodeName: 'n-bad' } },
  { metadata: { name: 'api-1', namespace: 'shop' }, spec: { nodeName: 'n-good' } },
];
const kube: KubeReader = {
  async get(resource, name, namespace) {
    const all = resource === 'nodes' ? nodes : pods;
    return all.find(
      (o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
    );
  },
  async list(resource) {
    return resource === 'nodes' ? nodes : pods;
  },
};

class Transient extends Error {}
let runs: string[] = [];
let failuresLeft = 0;

const describePlaybook = definePlaybook({
  name: 'describe',
  summary: 'test double of describe',
  params: z.object({ subject: z.string() }),
  triggers: [],
  async run(ctx, { subject }) {
    runs.push(subject);
    if (subject === 'pod/shop/flaky' && failuresLeft-- > 0) throw new Transient('API server answered 503');
    if (subject === 'pod/shop/broken') throw new Error('cannot read pod: 403 forbidden');
    if (subject === 'pod/shop/slow') await new Promise((r) => setTimeout(r, 5_000));
    await ctx.progress(`looking at ${subject}`);
    return [
      {
        severity: 'critical',
        title: `${subject} is unwell`,
        detail: 'seen by the test',
        subject,
        evidence: [{ source: 'test', text: 'fact' }],
      },
    ];
  },
});
const paramsPlaybook = definePlaybook({
  name: 'needs-node',
  summary: 'requires a node param',
  params: z.object({ node: z.string().min(1) }),
  triggers: [{ names: ['NeedsNode'], params: () => ({ node: '' }) }],
  run: async () => [],
});

let redisServer: RedisServer;
let redis: Redis;
let runner: Runner;
let intake: Queue;
let transcript: string;
let prefix: string;
let keySeq = 0;

function signal(over: Partial<Signal>): Signal {
  return {
    source: 'alertmanager',
    key: `k${++keySeq}`,
    status: 'firing',
    name: 'KubePodCrashLooping',
    cluster: 'prod',
    labels: {},
    annotations: {},
    startsAt: '2025-03-04T08:00:00Z',
    ...over,
  };
}

async function send(...signals: Signal[]) {
  await intake.add(INTAKE_JOB, { signals, receivedAt: new Date().toISOString() });
}

const entries = async (): Promise<TranscriptEntry[]> => readTranscript(transcript).catch(() => []);
const replies = async () => (await entries()).filter((e) => e.op === 'reply');
const store = () => createInvestigationStore(redis, prefix);

beforeAll(async () => {
  redisServer = await startLocalRedis();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  redis.disconnect();
  await redisServer.stop();
});

beforeEach(async () => {
  runs = [];
  failuresLeft = 0;
  prefix = `t${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
  transcript = join(mkdtempSync(join(tmpdir(), 'runner-')), 'transcript.jsonl');
  intake = new Queue(INTAKE_QUEUE, { connection: redis, prefix });
  runner = createRunner({
    config: runnerConfigSchema.parse({
      cluster: 'prod',
      channel: '#ops',
      attempts: 3,
      playbookTimeoutMs: 1_000,
      lockDurationMs: 5_000,
    }),
    redis,
    chat: createConsoleAdapter({
      out: new Writable({ write: (_c, _e, cb) => cb() }),
      transcriptPath: transcript,
    }),
    kube,
    playbooks: [describePlaybook, paramsPlaybook],
    isRetryable: (err) => err instanceof Transient,
    log: pino({ level: 'silent' }),
    prefix,
  });
  await runner.ready();
});
afterEach(async () => {
  await runner.close();
  await intake.close();
});

describe('runner', () => {
  it('opens one investigation per subject, posts a headline, runs describe and posts its findings in the thread', async () => {
    await send(signal({ name: 'KubeNodeNotReady', labels: { node: 'n-good', namespace: 'monitoring' } }));
    await waitFor(async () => (await replies()).length === 1, 20_000, 'findings reply');
    const log = await entries();
    const headline = log.find((e) => e.op === 'post');
    expect(headline?.channel).toBe('#ops');
    expect((await replies())[0]?.threadTs).toBe(headline?.ts);
    expect((await replies())[0]?.findings?.[0]?.title).toBe('node/n-good is unwell');
    await waitFor(
      async () => (await store().listOpen('prod'))[0]?.state === 'findings',
      10_000,
      'state findings',
    );
    expect(runs).toEqual(['node/n-good']);
  });

  it('does not run a repeat of the same firing alert within the window', async () => {
    const first = signal({ labels: { namespace: 'shop', pod: 'api-1' } });
    await send(first);
    await send({ ...first });
    await waitFor(async () => (await replies()).length === 1, 20_000, 'one reply');
    await new Promise((r) => setTimeout(r, 500));
    expect(runs).toEqual(['pod/shop/api-1']);
    expect((await store().listOpen('prod'))[0]?.signals).toBe(1);
  });

  it('puts pod alerts on a NotReady node into the node investigation without running per-pod playbooks', async () => {
    await send(
      signal({ labels: { namespace: 'shop', pod: 'web-1' } }),
      signal({ name: 'KubePodNotReady', labels: { namespace: 'shop', pod: 'web-1' } }),
      signal({ name: 'KubeNodeNotReady', labels: { node: 'n-bad' } }),
    );
    await waitFor(async () => (await replies()).length === 1, 20_000, 'one reply');
    const open = await store().listOpen('prod');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ subject: 'node/n-bad', signals: 3 });
    expect(runs).toEqual(['node/n-bad']);
  });

  it('marks the thread resolved when every signal of the investigation has resolved, never dropping a resolved alert', async () => {
    const a = signal({ labels: { namespace: 'shop', pod: 'api-1' } });
    const b = signal({ name: 'KubePodNotReady', labels: { namespace: 'shop', pod: 'api-1' } });
    await send(a, b);
    await waitFor(async () => (await replies()).length === 1, 20_000, 'reply');
    await send({ ...a, status: 'resolved' });
    await send({ ...a, status: 'resolved' });
    await new Promise((r) => setTimeout(r, 300));
    expect(await store().listOpen('prod')).toHaveLength(1);
    await send({ ...b, status: 'resolved' });
    await waitFor(async () => (await store().listOpen('prod')).length === 0, 10_000, 'closed');
    const last = (await entries()).filter((e) => e.op === 'update').at(-1);
    expect(last?.text.toLowerCase()).toContain('resolved');
  });

  it('retries a transient failure with backoff and posts the findings once', async () => {
    failuresLeft = 1;
    await send(signal({ labels: { namespace: 'shop', pod: 'flaky' } }));
    await waitFor(async () => (await replies()).length === 1, 30_000, 'reply after retry');
    expect(runs).toEqual(['pod/shop/flaky', 'pod/shop/flaky']);
    expect((await replies())[0]?.findings?.[0]?.severity).toBe('critical');
  });

  it('turns a permanent failure, a bad parameter and a missed deadline into error findings instead of crashed jobs', async () => {
    await send(signal({ labels: { namespace: 'shop', pod: 'broken' } }));
    await send(signal({ name: 'NeedsNode', labels: { namespace: 'shop', pod: 'other' } }));
    await send(signal({ labels: { namespace: 'shop', pod: 'slow' } }));
    await waitFor(async () => (await replies()).length === 3, 30_000, 'three replies');
    const titles = (await replies()).flatMap((r) => r.findings ?? []).map((f) => `${f.title}: ${f.detail}`);
    expect(titles).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/describe could not finish: cannot read pod: 403/),
        expect.stringMatching(/needs-node could not finish: .*bad parameters: node/),
        expect.stringMatching(/describe could not finish: .*did not finish within 1000 ms/),
      ]),
    );
    expect(runs.filter((s) => s === 'pod/shop/broken')).toHaveLength(1);
  });
});
