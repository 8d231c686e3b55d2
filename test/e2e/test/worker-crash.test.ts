import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSlackApiServer, type SlackApiServer } from '@triage/chat/testing';
import { startSimulator } from '@triage/cluster-sim';
import { INTAKE_JOB, INTAKE_QUEUE, type Signal } from '@triage/core';
import { RUN_QUEUE } from '@triage/runner';
import { type RedisServer, startLocalRedis, waitFor } from '@triage/dev-services';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const TRIAGE = resolve(import.meta.dirname, '../../../packages/cli/bin/triage.js');
const PREFIX = 'triage';

let redis: RedisServer;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let slack: SlackApiServer;
let configPath: string;
const workers: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, [TRIAGE, 'worker', '--config', configPath], {
    env: {
      PATH: process.env.PATH,
      REDIS_URL: redis.url,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      TRIAGE_SLACK_API_URL: slack.url,
      TRIAGE_SLACK_CHANNEL: 'C0INCIDENTS',
      TRIAGE_CLUSTER: 'aks-e2e',
      TRIAGE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  workers.push(child);
  return child;
}

beforeAll(async () => {
  redis = await startLocalRedis();
  sim = await startSimulator({ scenario: 'node-notready-memory' });
  slack = await createSlackApiServer();
  configPath = join(mkdtempSync(join(tmpdir(), 'triage-crash-')), 'triage.yaml');
  writeFileSync(
    configPath,
    `kube:\n  kubeconfig: ${JSON.stringify(sim.kubeconfigPath)}\nrunner:\n  lockDurationMs: 3000\n  playbookTimeoutMs: 60000\n`,
  );
});
async function stopWorkers() {
  const running = workers.filter((w) => w.exitCode === null && w.signalCode === null);
  await Promise.all(running.map((w) => new Promise((r) => w.once('exit', r).kill('SIGKILL'))));
}
afterEach(stopWorkers);
afterAll(async () => {
  await slack?.close();
  await sim?.close();
  await redis?.stop();
});

function crashLoopSignal(pod: string, key: string): Signal {
  return {
    source: 'alertmanager',
    key,
    status: 'firing',
    name: 'KubePodCrashLooping',
    cluster: 'aks-e2e',
    labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod },
    annotations: {},
    startsAt: new Date().toISOString(),
  };
}

describe('a worker killed mid-playbook', () => {
  it('leaves the job to another worker, which finishes it without posting any message twice', async () => {
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const intake = new Queue(INTAKE_QUEUE, { connection, prefix: PREFIX });
    const runs = new Queue(RUN_QUEUE, { connection, prefix: PREFIX });
    try {
      const first = startWorker();
      // Every API answer takes 1.5 s, so the describe playbook is surely still running when the worker dies.
      sim.setFaults({ latencyMs: 1_500 });
      const signal = crashLoopSignal('checkout-1', 'a1b2c3d4e5f60718');
      await intake.add(INTAKE_JOB, { signals: [signal], receivedAt: new Date().toISOString() });
      await waitFor(
        async () => (await runs.getActiveCount()) === 1,
        60_000,
        'run job active on the first worker',
      );
      await waitFor(() => slack.messages('C0INCIDENTS').length === 1, 30_000, 'headline posted');
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));

      sim.setFaults({ latencyMs: 0 });
      startWorker();
      await waitFor(
        async () => (await runs.getCompletedCount()) === 1,
        90_000,
        'run completed by the second worker',
      );
      await waitFor(
        () => slack.messages('C0INCIDENTS').some((m) => m.threadTs),
        30_000,
        'findings in the thread',
      );

      const messages = slack.messages('C0INCIDENTS');
      const headlines = messages.filter((m) => !m.threadTs);
      const replies = messages.filter((m) => m.threadTs);
      expect(headlines).toHaveLength(1);
      expect(replies.length).toBeGreaterThan(0);
      expect(replies.every((m) => m.threadTs === headlines[0]?.ts)).toBe(true);
      expect(new Set(replies.map((m) => m.text)).size).toBe(replies.length);
      expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && !c.params.thread_ts)).toHaveLength(
        1,
      );
    } finally {
      await intake.close();
      await runs.close();
      connection.disconnect();
    }
  });
});

describe('a worker told to stop', () => {
  it('finishes its running playbook and posts the findings before it exits on SIGTERM', async () => {
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const intake = new Queue(INTAKE_QUEUE, { connection, prefix: PREFIX });
    const runs = new Queue(RUN_QUEUE, { connection, prefix: PREFIX });
    try {
      const completedBefore = await runs.getCompletedCount();
      const repliesBefore = slack.messages('C0INCIDENTS').filter((m) => m.threadTs).length;
      sim.setFaults({ latencyMs: 1_000 });
      const worker = startWorker();
      await waitFor(async () => (await runs.getWorkersCount()) > 0, 60_000, 'worker connected');
      await intake.add(INTAKE_JOB, {
        signals: [crashLoopSignal('payments-1', 'b1b2c3d4e5f60718')],
        receivedAt: new Date().toISOString(),
      });
      await waitFor(async () => (await runs.getActiveCount()) === 1, 60_000, 'run job active');
      const exited = new Promise<number | null>((r) => worker.once('exit', (code) => r(code)));
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
      sim.setFaults({ latencyMs: 0 });
      expect(await runs.getCompletedCount()).toBe(completedBefore + 1);
      expect(slack.messages('C0INCIDENTS').filter((m) => m.threadTs).length).toBeGreaterThan(repliesBefore);
    } finally {
      await intake.close();
      await runs.close();
      connection.disconnect();
    }
  });
});
