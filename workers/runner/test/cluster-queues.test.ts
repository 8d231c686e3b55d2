import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createConsoleAdapter, findingActionIds, readTranscript } from '@triage/chat';
import { definePlaybook, INTAKE_JOB, INTAKE_QUEUE, type KubeReader, type Signal } from '@triage/core';
import { type RedisServer, startLocalRedis, waitFor } from '@triage/dev-services';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clusterQueueName, splitByCluster } from '../src/cluster-queues.js';
import { CLOSE_SIGNAL_NAME } from '../src/intake-processor.js';
import { createInvestigationStore, createRunner, type Runner, runnerConfigSchema } from '../src/index.js';

// Every lookup misses: subjects come from labels alone.
const kube: KubeReader = { get: async () => undefined, list: async () => [] };

/** A test double of node-health that says which cluster ran it. */
function nodePlaybook(ran: string[], cluster: string) {
  return definePlaybook({
    name: 'node-health',
    summary: 'test double',
    params: z.object({ node: z.string() }),
    triggers: [],
    async run(_ctx, { node }) {
      ran.push(`${cluster}:${node}`);
      return [
        {
          severity: 'warning',
          title: `${node} looked at`,
          detail: '',
          subject: `node/${node}`,
          evidence: [],
        },
      ];
    },
  });
}

function command(cluster: string, node: string, over: Partial<Signal> = {}): Signal {
  return {
    source: 'slack',
    key: `slack:${cluster}:${node}:${Math.random()}`,
    status: 'firing',
    name: 'triage node',
    cluster,
    labels: { node },
    annotations: {},
    startsAt: new Date().toISOString(),
    playbook: 'node-health',
    params: { node },
    channel: 'C0OPS',
    requestedBy: 'U0ALICE',
    ...over,
  };
}

let redisServer: RedisServer;
let redis: Redis;
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  redisServer = await startLocalRedis();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
});
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});
afterAll(async () => {
  redis.disconnect();
  await redisServer.stop();
});

async function startRunner(
  cluster: string,
  prefix: string,
  ran: string[],
  extra: Record<string, unknown> = {},
) {
  const transcript = join(mkdtempSync(join(tmpdir(), 'runner-mc-')), 'transcript.jsonl');
  const runner: Runner = createRunner({
    config: runnerConfigSchema.parse({
      cluster,
      channel: 'C0OPS',
      lockDurationMs: 5_000,
      drainWatch: { enabled: false },
      ...extra,
    }),
    redis,
    chat: createConsoleAdapter({
      out: new Writable({ write: (_c, _e, cb) => cb() }),
      transcriptPath: transcript,
    }),
    kube,
    playbooks: [nodePlaybook(ran, cluster)],
    isRetryable: () => false,
    log: pino({ level: 'silent' }),
    prefix,
  });
  await runner.ready();
  cleanup.push(() => runner.close());
  return { transcript, entries: () => readTranscript(transcript).catch(() => []) };
}

async function intakeQueue(prefix: string) {
  const queue = new Queue(INTAKE_QUEUE, { connection: redis, prefix });
  cleanup.push(() => queue.close());
  return queue;
}

describe('splitByCluster', () => {
  it('keeps this cluster’s signals and groups the others by cluster, in order', () => {
    const a1 = command('a', 'n1');
    const b1 = command('b', 'n2');
    const a2 = command('a', 'n3');
    const split = splitByCluster([a1, b1, a2], 'a');
    expect(split.own).toEqual([a1, a2]);
    expect([...split.others]).toEqual([['b', [b1]]]);
    expect(clusterQueueName('triage-runs', 'b')).toBe('triage-runs@b');
  });
});

describe('runners with clusterQueues', () => {
  it('run only their own cluster’s jobs, whichever runner takes the shared intake job', async () => {
    const prefix = `mc${Date.now()}`;
    const ran: string[] = [];
    await startRunner('alpha', prefix, ran, { clusterQueues: true });
    await startRunner('beta', prefix, ran, { clusterQueues: true });
    const intake = await intakeQueue(prefix);
    for (let i = 0; i < 3; i += 1)
      await intake.add(INTAKE_JOB, {
        signals: [command('alpha', `a-${i}`), command('beta', `b-${i}`)],
        receivedAt: new Date().toISOString(),
      });
    await waitFor(async () => ran.length === 6, 30_000, 'six runs');
    expect(ran.filter((r) => r.startsWith('alpha:')).sort()).toEqual(['alpha:a-0', 'alpha:a-1', 'alpha:a-2']);
    expect(ran.filter((r) => r.startsWith('beta:')).sort()).toEqual(['beta:b-0', 'beta:b-1', 'beta:b-2']);
  });

  it('leaves another cluster’s signals waiting on that cluster’s queue until its runner comes', async () => {
    const prefix = `mw${Date.now()}`;
    const ran: string[] = [];
    await startRunner('alpha', prefix, ran, { clusterQueues: true });
    const intake = await intakeQueue(prefix);
    await intake.add(INTAKE_JOB, {
      signals: [command('gamma', 'g-1')],
      receivedAt: new Date().toISOString(),
    });
    const gammaQueue = new Queue(clusterQueueName(INTAKE_QUEUE, 'gamma'), { connection: redis, prefix });
    cleanup.push(() => gammaQueue.close());
    await waitFor(async () => (await gammaQueue.getWaitingCount()) === 1, 20_000, 'forwarded job');
    expect(ran).toEqual([]);
    await startRunner('gamma', prefix, ran, { clusterQueues: true });
    await waitFor(async () => ran.length === 1, 20_000, 'gamma run');
    expect(ran).toEqual(['gamma:g-1']);
  });
});

describe('chat controls', () => {
  it('posts Rerun, Windows logs and Close under a node run’s findings, and a close signal closes the thread', async () => {
    const prefix = `ca${Date.now()}`;
    const ran: string[] = [];
    const { entries } = await startRunner('prod', prefix, ran, { chatActions: true });
    const intake = await intakeQueue(prefix);
    await intake.add(INTAKE_JOB, { signals: [command('prod', 'n1')], receivedAt: new Date().toISOString() });
    await waitFor(
      async () => (await entries()).filter((e) => e.op === 'reply').length === 2,
      20_000,
      'findings and controls',
    );
    const controls = (await entries()).filter((e) => e.op === 'reply')[1];
    const ids = JSON.stringify(controls?.blocks);
    for (const id of [findingActionIds.rerun, findingActionIds.winlogs, findingActionIds.close])
      expect(ids).toContain(id);
    expect(ids).not.toContain(findingActionIds.silence);

    const store = createInvestigationStore(redis, prefix);
    const [open] = await store.listOpen('prod');
    expect(open).toBeDefined();
    await intake.add(INTAKE_JOB, {
      signals: [
        command('prod', 'n1', {
          status: 'resolved',
          name: CLOSE_SIGNAL_NAME,
          playbook: undefined,
          params: { investigation: open?.id },
        }),
      ],
      receivedAt: new Date().toISOString(),
    });
    await waitFor(async () => (await store.listOpen('prod')).length === 0, 20_000, 'closed');
    expect((await store.get(open?.id ?? ''))?.state).toBe('resolved');
    const headline = (await entries()).filter((e) => e.op === 'update').at(-1);
    expect(JSON.stringify(headline)).toContain('Closed from chat by U0ALICE');
  });
});

describe('requests from chat', () => {
  it('run again when a person asks again for the same playbook and params', async () => {
    const prefix = `rr${Date.now()}`;
    const ran: string[] = [];
    await startRunner('prod', prefix, ran);
    const intake = await intakeQueue(prefix);
    await intake.add(INTAKE_JOB, { signals: [command('prod', 'n1')], receivedAt: new Date().toISOString() });
    await waitFor(async () => ran.length === 1, 20_000, 'first run');
    await intake.add(INTAKE_JOB, { signals: [command('prod', 'n1')], receivedAt: new Date().toISOString() });
    await waitFor(async () => ran.length === 2, 20_000, 'second run');
    expect(ran).toEqual(['prod:n1', 'prod:n1']);
  });
});
