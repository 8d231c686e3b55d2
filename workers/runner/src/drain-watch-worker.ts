import { INTAKE_JOB, INTAKE_QUEUE, type IntakeJob, type KubeReader, type Logger } from '@triage/core';
import { Queue, Worker } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { checkDrains } from './drain-watch.js';
import { logQueueErrors } from './queue-errors.js';
import type { RunnerConfig } from './runner-config.js';

/** Queue of the runner's scheduled checks. */
export const WATCH_QUEUE = 'triage-watch';

/** Id of the drain watch's job scheduler, and name of its jobs. */
export const DRAIN_WATCH_JOB = 'drain-watch';

export interface DrainWatchDeps {
  config: RunnerConfig;
  /** A connection with `maxRetriesPerRequest: null`, as BullMQ workers need. */
  connection: Redis | Cluster;
  prefix: string;
  kube: KubeReader;
  clock: () => Date;
  log: Logger;
  /** Queue names of the schedule and of the intake it feeds (per-cluster with clusterQueues). Default the shared ones. */
  queues?: { watch: string; intake: string };
}

/** The drain watch of one runner process. */
export interface DrainWatch {
  /** Resolves when the schedule is stored and the worker connected. */
  ready(): Promise<void>;
  close(force?: boolean): Promise<void>;
}

const retention = { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };

/**
 * Runs {@link checkDrains} every `drainWatch.intervalSeconds` and puts what it finds on the intake
 * queue as one job, so stuck drains take the path of alerts (dedupe window, investigation, pdb-drain).
 * The schedule lives in Redis (a BullMQ job scheduler, upserted at start), so several runners check
 * once per interval between them, not once each. Disabled, it removes the schedule and starts no worker.
 */
export function createDrainWatch(deps: DrainWatchDeps): DrainWatch {
  const { config, connection, prefix, log } = deps;
  const settings = config.drainWatch;
  const queues = deps.queues ?? { watch: WATCH_QUEUE, intake: INTAKE_QUEUE };
  const watchQueue = logQueueErrors(new Queue(queues.watch, { connection, prefix }), log);
  if (!settings.enabled) {
    const removed = watchQueue.removeJobScheduler(DRAIN_WATCH_JOB);
    return {
      ready: async () => {
        await removed;
      },
      close: async () => {
        await removed.catch(() => false);
        await watchQueue.close();
      },
    };
  }

  const intervalMs = settings.intervalSeconds * 1000;
  const intake = logQueueErrors(new Queue<IntakeJob>(queues.intake, { connection, prefix }), log);
  const scheduled = watchQueue.upsertJobScheduler(
    DRAIN_WATCH_JOB,
    { every: intervalMs },
    { name: DRAIN_WATCH_JOB, opts: retention },
  );
  scheduled.catch((err) => log.error({ err }, 'drain watch schedule not stored'));

  const worker = new Worker(
    queues.watch,
    async (job) => {
      const now = deps.clock();
      const signals = await checkDrains(deps.kube, {
        cluster: config.cluster,
        now,
        stuckAfterMs: settings.drainStuckAfterMinutes * 60_000,
        lookbackMs: intervalMs,
      });
      if (signals.length === 0) return 0;
      // The tick's job id makes a retried tick add its intake job once (BullMQ ids cannot hold ':').
      await intake.add(
        INTAKE_JOB,
        { signals, receivedAt: now.toISOString() },
        { jobId: `${DRAIN_WATCH_JOB}-${(job.id ?? '').replaceAll(':', '-')}`, attempts: 5, ...retention },
      );
      log.info(
        { signals: signals.map((s) => `${s.name} ${s.labels.node}`) },
        'drain watch found stuck drains',
      );
      return signals.length;
    },
    { connection, prefix, concurrency: 1 },
  );
  worker.on('failed', (job, err) =>
    log.warn({ jobId: job?.id, err: err.message }, 'drain watch check failed'),
  );
  worker.on('error', (err) => log.error({ err }, 'drain watch worker error'));

  return {
    async ready() {
      await Promise.all([scheduled, worker.waitUntilReady()]);
    },
    async close(force = false) {
      await worker.close(force);
      await scheduled.catch(() => undefined);
      await Promise.all([watchQueue.close(), intake.close()]);
    },
  };
}
