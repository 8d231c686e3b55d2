import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createConsoleAdapter, readTranscript, type TranscriptEntry } from '@triage/chat';
import { type Simulator, startSimulator } from '@triage/cluster-sim';
import { INTAKE_JOB, INTAKE_QUEUE, type Signal } from '@triage/core';
import { type RedisServer, startLocalRedis, waitFor } from '@triage/dev-services';
import { createKubeReader, loadKubeConfig } from '@triage/kube';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunner, playbooks, type Runner, runnerConfigSchema } from '../src/index.js';

const CLUSTER = 'aks-shop-prod';
const PREFIX = 'reports-on-demand';
let redisServer: RedisServer;
let redis: Redis;
let sim: Simulator;
const transcript = join(mkdtempSync(join(tmpdir(), 'on-demand-')), 'transcript.jsonl');

function startRunner(reports: unknown[]): Runner {
  return createRunner({
    config: runnerConfigSchema.parse({
      cluster: CLUSTER,
      channel: '#ops',
      lockDurationMs: 10_000,
      drainWatch: { enabled: false },
      reports,
    }),
    redis,
    chat: createConsoleAdapter({
      out: new Writable({ write: (_c, _e, cb) => cb() }),
      transcriptPath: transcript,
    }),
    kube: createKubeReader(loadKubeConfig({ kubeconfig: sim.kubeconfigPath })),
    playbooks,
    isRetryable: () => false,
    log: pino({ level: 'silent' }),
    prefix: PREFIX,
  });
}

/** `/triage report` as the Slack app enqueues it: a slack signal naming the playbook. */
function reportCommand(key: string, startsAt: string): Signal {
  return {
    source: 'slack',
    key,
    status: 'firing',
    name: 'triage report',
    cluster: CLUSTER,
    labels: {},
    annotations: { command: '/triage report' },
    startsAt,
    playbook: 'health-report',
    params: {},
    channel: '#ops',
    requestedBy: 'U123',
  };
}

const headlines = async (): Promise<NonNullable<TranscriptEntry['findings']>> =>
  (await readTranscript(transcript).catch(() => []))
    .filter((e) => e.op === 'reply')
    .flatMap((e) => e.findings ?? [])
    .filter((f) => f.title.startsWith('Health report'));

beforeAll(async () => {
  redisServer = await startLocalRedis();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
  sim = await startSimulator({ scenario: 'pdb-drain-blocked' });
}, 60_000);
afterAll(async () => {
  await sim?.close();
  redis?.disconnect();
  await redisServer?.stop();
});

describe('health report asked for on demand through the runner', () => {
  it('compares with the newest report of the cluster, scheduled or on demand, and leaves the schedule its own chain', async () => {
    const scheduled = `${PREFIX}:report:${CLUSTER}:every-second`;
    const ticker = startRunner([{ id: 'every-second', pattern: '* * * * * *', channel: '#reports' }]);
    try {
      await ticker.ready();
      await waitFor(async () => (await redis.hlen(scheduled)) >= 1, 45_000, 'a scheduled report saved');
    } finally {
      await ticker.close();
    }
    const ticks = (await redis.hkeys(scheduled)).sort();
    const lastTick = ticks.at(-1);

    const runner = startRunner([]);
    const intake = new Queue(INTAKE_QUEUE, { connection: redis, prefix: PREFIX });
    try {
      await runner.ready();
      const asked = new Date().toISOString();
      await intake.add(INTAKE_JOB, { signals: [reportCommand('slack:t1', asked)], receivedAt: asked });
      await waitFor(async () => (await headlines()).length === 1, 45_000, 'the first on-demand report');
      const [first] = await headlines();
      expect(first?.title).toBe(`Health report ${CLUSTER}: 1 needs attention (0 new, 1 still open)`);
      expect(first?.detail).toContain(`Compared with the report of ${lastTick}.`);

      const again = new Date(Date.parse(asked) + 1000).toISOString();
      await intake.add(INTAKE_JOB, { signals: [reportCommand('slack:t2', again)], receivedAt: again });
      await waitFor(async () => (await headlines()).length === 2, 45_000, 'the second on-demand report');
      expect((await headlines())[1]?.detail).toContain(`Compared with the report of ${asked}.`);
    } finally {
      await runner.close();
      await intake.close();
    }
    // The schedule's own chain holds only its ticks: its next report compares with its last tick.
    expect((await redis.hkeys(scheduled)).sort()).toEqual(ticks);
    expect(await redis.hkeys(`${PREFIX}:report:${CLUSTER}:@latest`)).toEqual(
      expect.arrayContaining([lastTick]),
    );
  }, 120_000);
});
