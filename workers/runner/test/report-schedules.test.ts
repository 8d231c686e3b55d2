import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createConsoleAdapter, readTranscript } from '@triage/chat';
import { type Simulator, startSimulator } from '@triage/cluster-sim';
import { type RedisServer, startLocalRedis, waitFor } from '@triage/dev-services';
import { createKubeReader, loadKubeConfig } from '@triage/kube';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInvestigationStore,
  createRunner,
  playbooks,
  type Runner,
  runnerConfigSchema,
} from '../src/index.js';
import { type ReportJobData, reportQueueName } from '../src/report-schedules.js';

const CLUSTER = 'aks-shop-prod';
let redisServer: RedisServer;
let redis: Redis;
const sims: Simulator[] = [];

async function simulator(scenario: string): Promise<Simulator> {
  const sim = await startSimulator({ scenario });
  sims.push(sim);
  return sim;
}

/** A runner of CLUSTER with these report schedules, posting to a transcript. */
function startRunner(options: {
  prefix: string;
  reports: unknown[];
  sim: Simulator;
  transcript?: string;
}): Runner {
  return createRunner({
    config: runnerConfigSchema.parse({
      cluster: CLUSTER,
      channel: '#ops',
      lockDurationMs: 10_000,
      drainWatch: { enabled: false },
      reports: options.reports,
    }),
    redis,
    chat: createConsoleAdapter({
      out: new Writable({ write: (_c, _e, cb) => cb() }),
      transcriptPath: options.transcript ?? join(mkdtempSync(join(tmpdir(), 'reports-')), 'transcript.jsonl'),
    }),
    kube: createKubeReader(loadKubeConfig({ kubeconfig: options.sim.kubeconfigPath })),
    playbooks,
    isRetryable: () => false,
    log: pino({ level: 'silent' }),
    prefix: options.prefix,
  });
}

async function restart(options: Parameters<typeof startRunner>[0]): Promise<void> {
  const runner = startRunner(options);
  try {
    await runner.ready();
  } finally {
    await runner.close();
  }
}

beforeAll(async () => {
  redisServer = await startLocalRedis();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  for (const sim of sims) await sim.close();
  redis?.disconnect();
  await redisServer?.stop();
});

describe('report schedules', () => {
  it('survive restarts: one job scheduler and one pending tick per schedule of the cluster, removed when the config drops them', async () => {
    const prefix = 'reports-restart';
    const sim = await simulator('healthy');
    const queue = new Queue<ReportJobData>(reportQueueName(CLUSTER), { connection: redis, prefix });
    try {
      const daily = { id: 'daily', pattern: '0 8 * * 1-5', tz: 'Europe/Amsterdam', channel: '#ops-daily' };
      const weekly = { id: 'weekly', pattern: '0 9 * * 1' };
      const elsewhere = { id: 'other-cluster', pattern: '0 6 * * *', cluster: 'aks-other' };
      for (let i = 0; i < 3; i++) await restart({ prefix, sim, reports: [daily, weekly, elsewhere] });
      const schedulers = await queue.getJobSchedulers(0, -1, true);
      expect(schedulers.map((s) => [s.key, s.pattern, s.tz]).sort()).toEqual([
        ['health-report-daily', '0 8 * * 1-5', 'Europe/Amsterdam'],
        ['health-report-weekly', '0 9 * * 1', 'UTC'],
      ]);
      const otherQueue = new Queue(reportQueueName('aks-other'), { connection: redis, prefix });
      expect(await otherQueue.getJobSchedulers(0, -1)).toEqual([]);
      await otherQueue.close();
      const pending = await queue.getJobs(['delayed', 'wait', 'prioritized']);
      expect(pending.map((j) => j.data.schedule).sort()).toEqual(['daily', 'weekly']);

      await restart({ prefix, sim, reports: [{ ...daily, pattern: '30 7 * * 1-5' }] });
      expect((await queue.getJobSchedulers(0, -1)).map((s) => [s.key, s.pattern])).toEqual([
        ['health-report-daily', '30 7 * * 1-5'],
      ]);
      const after = await queue.getJobs(['delayed', 'wait', 'prioritized']);
      expect(after.map((j) => j.data.schedule)).toEqual(['daily']);
      expect(new Date(after[0]?.opts.prevMillis ?? 0).getUTCMinutes()).toBe(30);

      await restart({ prefix, sim, reports: [] });
      expect(await queue.getJobSchedulers(0, -1)).toEqual([]);
      expect(await queue.getJobs(['delayed', 'wait', 'prioritized'])).toEqual([]);
    } finally {
      await queue.close();
    }
  }, 60_000);

  it('posts each tick as one message with the details in its thread, comparing with the previous tick and counting Triage activity', async () => {
    const prefix = 'reports-post';
    const sim = await simulator('pdb-drain-blocked');
    const store = createInvestigationStore(redis, prefix);
    const { investigation } = await store.openOrJoin(
      {
        cluster: CLUSTER,
        subject: 'node/aks-userpool-31415926-vmss000000',
        title: 'KubeNodeUnschedulable',
        channel: '#ops',
      },
      new Date(Date.now() - 60_000),
    );
    await store.addFiring(investigation, 'fp-1', new Date());
    await store.addFiring(investigation, 'fp-2', new Date());
    const transcript = join(mkdtempSync(join(tmpdir(), 'reports-')), 'transcript.jsonl');
    const runner = startRunner({
      prefix,
      sim,
      transcript,
      reports: [{ id: 'every-second', pattern: '* * * * * *', channel: '#reports' }],
    });
    const posts = async () =>
      (await readTranscript(transcript).catch(() => [])).filter((e) => e.op === 'post');
    try {
      await runner.ready();
      await waitFor(async () => (await posts()).length >= 2, 45_000, 'two report ticks posted');
    } finally {
      await runner.close();
    }
    const entries = await readTranscript(transcript);
    const [first, second] = await posts();
    expect(first?.channel).toBe('#reports');
    expect(first?.findings?.[0]?.title).toBe(
      `Health report ${CLUSTER}: 1 needs attention (1 new, 0 still open)`,
    );
    expect(first?.findings?.[0]?.detail).toContain('Triage: 2 alerts, 1 investigations opened, 1 open.');
    expect(second?.findings?.[0]?.title).toBe(
      `Health report ${CLUSTER}: 1 needs attention (0 new, 1 still open)`,
    );
    const thread = entries.filter((e) => e.op === 'reply' && e.threadTs === first?.ts);
    expect(thread.flatMap((e) => e.findings ?? []).map((f) => f.title)).toEqual([
      '1 PodDisruptionBudget allowing no disruption (1 new)',
      expect.stringMatching(/^Triage since .*: 2 alerts, 1 investigations$/),
    ]);
  }, 90_000);

  it('stays quiet on a healthy cluster when configured to, and says all is well when not', async () => {
    const prefix = 'reports-quiet';
    const sim = await simulator('healthy');
    const transcript = join(mkdtempSync(join(tmpdir(), 'reports-')), 'transcript.jsonl');
    const queue = new Queue<ReportJobData>(reportQueueName(CLUSTER), { connection: redis, prefix });
    const runner = startRunner({
      prefix,
      sim,
      transcript,
      reports: [
        { id: 'quiet', pattern: '* * * * * *', channel: '#quiet', quietWhenHealthy: true },
        { id: 'loud', pattern: '* * * * * *', channel: '#loud' },
      ],
    });
    try {
      await runner.ready();
      const quietTicks = async () =>
        (await queue.getJobs(['completed'])).filter(
          (j) => j.data.schedule === 'quiet' && j.returnvalue === 'quiet',
        );
      await waitFor(async () => (await quietTicks()).length >= 2, 45_000, 'two quiet ticks completed');
      await waitFor(
        async () => (await readTranscript(transcript).catch(() => [])).some((e) => e.channel === '#loud'),
        45_000,
        'a loud report',
      );
    } finally {
      await runner.close();
      await queue.close();
    }
    const entries = await readTranscript(transcript);
    expect(entries.filter((e) => e.channel === '#quiet')).toEqual([]);
    expect(entries.find((e) => e.channel === '#loud' && e.op === 'post')?.findings?.[0]?.title).toBe(
      `Health report ${CLUSTER}: nothing needs attention`,
    );
  }, 90_000);
});
