import type { ChatAdapter } from '@triage/chat';
import {
  type DiagnosticPods,
  INTAKE_JOB,
  INTAKE_QUEUE,
  type IntakeJob,
  intakeJobSchema,
  type KubeDryRun,
  type KubeReader,
  type LogAnalytics,
  type Logger,
  type Metrics,
  type Playbook,
} from '@triage/core';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { type ChangeApplier, createFixApplier, type FixApplierDeps } from './apply-fix.js';
import { createClusterLookup } from './cluster-lookup.js';
import { clusterQueueName, splitByCluster } from './cluster-queues.js';
import { createDrainWatch, WATCH_QUEUE } from './drain-watch-worker.js';
import { createFixStore } from './fix-store.js';
import { createIntakeProcessor, type RunJob } from './intake-processor.js';
import { createInvestigationStore } from './investigation-store.js';
import { logQueueErrors } from './queue-errors.js';
import { withStoredHealthReport } from './report-playbook.js';
import { createReportSchedules } from './report-schedules.js';
import { createRunProcessor } from './run-processor.js';
import type { RunnerConfig } from './runner-config.js';
import { createRunnerMetrics } from './runner-metrics.js';
import { createThreadPoster } from './thread-poster.js';

/** Queue of playbook runs, fed by the intake worker. */
export const RUN_QUEUE = 'triage-runs';

export interface RunnerDeps {
  config: RunnerConfig;
  /** Redis connection (standalone, Sentinel or Cluster); workers duplicate it with `maxRetriesPerRequest: null`. */
  redis: Redis | Cluster;
  chat: ChatAdapter;
  kube: KubeReader;
  /** Server-side dry-runs handed to playbooks (ctx.dryRun); absent in read-only installs. */
  dryRun?: KubeDryRun;
  /** Diagnostic pods handed to playbooks (ctx.diagnosticPods); absent in read-only installs. */
  diagnosticPods?: DiagnosticPods;
  /** Applies fixes people confirm in chat (Apply fix buttons); absent: no Apply fix button is offered. */
  patcher?: ChangeApplier;
  /** The chat audit trail, where applied and refused fixes are recorded. */
  audit?: FixApplierDeps['audit'];
  /** Azure Log Analytics handed to playbooks (ctx.logs); absent when no workspace is configured. */
  logs?: LogAnalytics;
  /** Prometheus handed to playbooks (ctx.metrics); absent when no Prometheus URL is configured. */
  metrics?: Metrics;
  playbooks: readonly Playbook[];
  isRetryable(err: unknown): boolean;
  log: Logger;
  clock?: () => Date;
  registry?: Registry;
  /** BullMQ key prefix (use a `{hash-tag}` on Redis Cluster). */
  prefix?: string;
}

/** A running runner: two BullMQ workers (intake fan-out, playbook runs) and the drain watch. */
export interface Runner {
  /** Resolves when the workers are connected. */
  ready(): Promise<void>;
  /** Stops taking jobs, lets running ones finish (or hands them back when `force`), closes connections. */
  close(force?: boolean): Promise<void>;
}

/** A second connection like `redis` on which BullMQ workers may block (no per-command retry limit). */
function blockingDuplicate(redis: Redis | Cluster): Redis | Cluster {
  if (!('isCluster' in redis) || !redis.isCluster)
    return (redis as Redis).duplicate({ maxRetriesPerRequest: null });
  const cluster = redis as Cluster;
  // A Cluster's per-command limit sits in the options of its node connections.
  return cluster.duplicate(undefined, {
    redisOptions: { ...cluster.options.redisOptions, maxRetriesPerRequest: null },
  });
}

/**
 * Starts the runner's workers. Retries use exponential backoff; a worker that dies leaves its job
 * to the stalled-job check, and another worker finishes it without posting twice.
 */
export function createRunner(deps: RunnerDeps): Runner {
  const { config, redis, log } = deps;
  const clock = deps.clock ?? (() => new Date());
  const prefix = deps.prefix ?? 'triage';
  const metrics = createRunnerMetrics(deps.registry ?? new Registry());
  const store = createInvestigationStore(redis, prefix);
  const poster = createThreadPoster(deps.chat, store, clock);
  const fixes = createFixStore(redis, prefix);
  const connection = blockingDuplicate(redis);
  // With clusterQueues, this runner's runs and forwarded signals live in queues of its cluster alone.
  const ownQueue = (base: string) => (config.clusterQueues ? clusterQueueName(base, config.cluster) : base);
  const runQueue = logQueueErrors(new Queue<RunJob>(ownQueue(RUN_QUEUE), { connection, prefix }), log);
  const forwardQueues = new Map<string, Queue<IntakeJob>>();
  /** Hands signals of another cluster to its queue; the job id makes a retried hand-over a no-op. */
  async function forward(cluster: string, job: IntakeJob, jobId: string): Promise<void> {
    let queue = forwardQueues.get(cluster);
    if (!queue) {
      queue = logQueueErrors(
        new Queue<IntakeJob>(clusterQueueName(INTAKE_QUEUE, cluster), { connection, prefix }),
        log,
      );
      forwardQueues.set(cluster, queue);
    }
    await queue.add(INTAKE_JOB, job, {
      jobId: `${jobId}@${cluster}`,
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { count: 1000, age: 24 * 3600 },
    });
  }

  const processSignals = createIntakeProcessor({
    config,
    store,
    poster,
    clock,
    log,
    playbooks: deps.playbooks,
    lookup: createClusterLookup(deps.kube, config.lookupCacheSeconds * 1000),
    applyFix: createFixApplier({
      store,
      fixes,
      poster,
      log,
      clock,
      ...(deps.patcher ? { applier: deps.patcher } : {}),
      ...(deps.audit ? { audit: deps.audit } : {}),
    }),
    async enqueueRun(jobId, run) {
      await runQueue.add(run.playbook, run, {
        jobId,
        attempts: config.attempts,
        backoff: { type: 'exponential', delay: 2_000 },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      });
    },
  });
  const processRun = createRunProcessor({
    ...deps,
    // On-demand reports (`/triage report`) compare with the cluster's earlier reports, as scheduled ones do.
    playbooks: withStoredHealthReport(deps.playbooks, redis, prefix),
    store,
    poster,
    clock,
    ...(deps.patcher ? { fixes } : {}),
  });

  const workerOptions = {
    connection,
    prefix,
    lockDuration: config.lockDurationMs,
    stalledInterval: config.lockDurationMs,
  };
  const processIntake = async (job: { id?: string; data: unknown }) => {
    const parsed = intakeJobSchema.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`malformed intake job ${job.id}: ${parsed.error.message}`);
    let signals = parsed.data.signals;
    if (config.clusterQueues) {
      const split = splitByCluster(signals, config.cluster);
      for (const [cluster, theirs] of split.others) {
        await forward(cluster, { signals: theirs, receivedAt: parsed.data.receivedAt }, job.id ?? '');
        metrics.signals.inc({ outcome: 'forwarded' }, theirs.length);
      }
      signals = split.own;
    }
    const outcomes = await processSignals(signals, job.id ?? '');
    for (const outcome of outcomes) metrics.signals.inc({ outcome });
  };
  const intakeWorkers = [INTAKE_QUEUE, ...(config.clusterQueues ? [ownQueue(INTAKE_QUEUE)] : [])].map(
    (name) => new Worker(name, processIntake, { ...workerOptions, concurrency: 1 }),
  );
  const runWorker = new Worker<RunJob>(
    ownQueue(RUN_QUEUE),
    async (job, _token, signal) => {
      const summary = await processRun({
        id: job.id ?? job.name,
        data: job.data,
        attemptsMade: job.attemptsMade,
        signal,
      });
      metrics.jobs.inc({ playbook: job.data.playbook, outcome: summary?.failed ? 'failed' : 'ok' });
    },
    { ...workerOptions, concurrency: config.concurrency },
  );
  runWorker.on('failed', (job, err) => {
    metrics.jobs.inc({ playbook: job?.data.playbook ?? 'unknown', outcome: 'retried' });
    log.warn({ jobId: job?.id, err: err.message }, 'run attempt failed');
  });
  for (const worker of [...intakeWorkers, runWorker])
    worker.on('error', (err) => log.error({ err }, 'worker error'));
  const drainWatch = createDrainWatch({
    config,
    connection,
    prefix,
    kube: deps.kube,
    clock,
    log,
    queues: { watch: ownQueue(WATCH_QUEUE), intake: ownQueue(INTAKE_QUEUE) },
  });
  const reports = createReportSchedules({ ...deps, connection, prefix, clock });

  return {
    async ready() {
      await Promise.all([
        ...intakeWorkers.map((w) => w.waitUntilReady()),
        runWorker.waitUntilReady(),
        drainWatch.ready(),
        reports.ready(),
      ]);
    },
    async close(force = false) {
      await Promise.all([
        ...intakeWorkers.map((w) => w.close(force)),
        runWorker.close(force),
        drainWatch.close(force),
        reports.close(force),
      ]);
      await Promise.all([runQueue, ...forwardQueues.values()].map((q) => q.close()));
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
