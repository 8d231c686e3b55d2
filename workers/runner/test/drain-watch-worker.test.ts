import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createConsoleAdapter, readTranscript } from '@triage/chat';
import { type Simulator, startSimulator } from '@triage/cluster-sim';
import { type RedisServer, startLocalRedis, waitFor } from '@triage/dev-services';
import { createKubeDryRun, createKubeReader, loadKubeConfig } from '@triage/kube';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WATCH_QUEUE } from '../src/drain-watch-worker.js';
import {
  createInvestigationStore,
  createRunner,
  playbooks,
  RUN_QUEUE,
  type Runner,
  runnerConfigSchema,
} from '../src/index.js';

const NODE = 'aks-userpool-31415926-vmss000000';

let redisServer: RedisServer;
let redis: Redis;
let sim: Simulator;
let runner: Runner;
let watchQueue: Queue;
let runQueue: Queue;
const prefix = 'drainwatch';
const transcript = join(mkdtempSync(join(tmpdir(), 'drain-watch-')), 'transcript.jsonl');

function startRunner(drainWatch: Record<string, unknown>): Runner {
  const kubeConfig = loadKubeConfig({ kubeconfig: sim.kubeconfigPath });
  return createRunner({
    config: runnerConfigSchema.parse({
      cluster: 'aks-shop-prod',
      channel: '#ops',
      lockDurationMs: 10_000,
      drainWatch,
    }),
    redis,
    chat: createConsoleAdapter({
      out: new Writable({ write: (_c, _e, cb) => cb() }),
      transcriptPath: transcript,
    }),
    kube: createKubeReader(kubeConfig),
    dryRun: createKubeDryRun(kubeConfig),
    playbooks,
    isRetryable: () => false,
    log: pino({ level: 'silent' }),
    prefix,
  });
}

beforeAll(async () => {
  redisServer = await startLocalRedis();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
  sim = await startSimulator({ scenario: 'pdb-drain-blocked' });
  watchQueue = new Queue(WATCH_QUEUE, { connection: redis, prefix });
  runQueue = new Queue(RUN_QUEUE, { connection: redis, prefix });
  // The scenario's node was cordoned about 25 minutes before the simulator's "now".
  runner = startRunner({ intervalSeconds: 1, drainStuckAfterMinutes: 20 });
  await runner.ready();
});
afterAll(async () => {
  await runner?.close();
  await watchQueue?.close();
  await runQueue?.close();
  await sim?.close();
  redis?.disconnect();
  await redisServer?.stop();
});

describe('drain watch', () => {
  it('opens one investigation for the stuck drain of pdb-drain-blocked and posts the blocking budget, however often it ticks', async () => {
    const entries = async () => readTranscript(transcript).catch(() => []);
    const replies = async () => (await entries()).filter((e) => e.op === 'reply');
    await waitFor(async () => (await replies()).length > 0, 45_000, 'pdb-drain findings in the thread');
    // Several more ticks find the same stuck drain again.
    const ticksSoFar = await watchQueue.getCompletedCount();
    await waitFor(
      async () => (await watchQueue.getCompletedCount()) >= ticksSoFar + 3,
      30_000,
      'three more drain watch ticks',
    );

    const open = await createInvestigationStore(redis, prefix).listOpen('aks-shop-prod');
    expect(open.map((i) => [i.subject, i.title])).toEqual([[`node/${NODE}`, 'NodeDrainStuck']]);
    expect((await entries()).filter((e) => e.op === 'post')).toHaveLength(1);
    expect(await runQueue.getCompletedCount()).toBe(1);
    const findings = (await replies()).flatMap((r) => r.findings ?? []);
    const critical = findings.filter((f) => f.severity === 'critical');
    expect(critical).toHaveLength(1);
    const blocking = critical[0];
    expect(blocking?.title).toMatch(/web\/nginx-pdb blocks eviction of pod web\/nginx-rfsjqvntbk-8p78l/);
    expect(blocking?.title).toContain('replicas 1, minAvailable 1, disruptionsAllowed 0');
    expect(blocking?.remediation?.dryRun?.ok).toBe(true);
  });

  it('removes its schedule when a runner starts with the drain watch disabled', async () => {
    expect(await watchQueue.getJobSchedulersCount()).toBe(1);
    await runner.close();
    runner = startRunner({ enabled: false });
    await runner.ready();
    expect(await watchQueue.getJobSchedulersCount()).toBe(0);
  });
});
