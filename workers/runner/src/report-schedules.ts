import type { ChatAdapter } from '@triage/chat';
import type { Finding, KubeReader, Logger, Metrics, Signal } from '@triage/core';
import { HEALTH_REPORT, isHealthyReport } from '@triage/playbook-health-report';
import { type Job, Queue, Worker } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { RunnerError } from './errors.js';
import { logQueueErrors } from './queue-errors.js';
import { createStoredHealthReport } from './report-playbook.js';
import { createReportPoster } from './report-poster.js';
import type { ReportSchedule } from './report-schedule-config.js';
import { errorFinding, runPlaybook } from './run-playbook.js';
import type { RunnerConfig } from './runner-config.js';

/** Queue of scheduled health reports: one per cluster, one BullMQ job scheduler per schedule. */
export const REPORT_QUEUE = 'triage-reports';

/** The report queue of a cluster: only that cluster's runners take its ticks. */
export function reportQueueName(cluster: string): string {
  return `${REPORT_QUEUE}@${cluster}`;
}

/** Attempts of one report tick that fails transiently (API 5xx, timeouts). */
const ATTEMPTS = 3;
const template = {
  attempts: ATTEMPTS,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 100 },
};

/** The data of a report job: which schedule of which cluster. */
export interface ReportJobData {
  cluster: string;
  schedule: string;
}

/** The job scheduler id of a schedule. */
export function reportSchedulerId(schedule: string): string {
  return `${HEALTH_REPORT}-${schedule}`;
}

/**
 * Makes the cluster's report queue hold exactly one job scheduler per schedule: upserts each (same
 * id, so a restart changes nothing and a changed pattern replaces the pending tick) and removes
 * those no longer configured.
 */
export async function syncReportSchedulers(
  queue: Queue<ReportJobData>,
  cluster: string,
  schedules: readonly ReportSchedule[],
): Promise<void> {
  const wanted = new Set(schedules.map((s) => reportSchedulerId(s.id)));
  for (const existing of await queue.getJobSchedulers(0, -1))
    if (!wanted.has(existing.key)) await queue.removeJobScheduler(existing.key);
  for (const s of schedules) {
    await queue.upsertJobScheduler(
      reportSchedulerId(s.id),
      { pattern: s.pattern, tz: s.tz },
      { name: HEALTH_REPORT, data: { cluster, schedule: s.id }, opts: template },
    );
  }
}

export interface ReportSchedulesDeps {
  config: RunnerConfig;
  /** For the report history, the activity records and the posted-message records. */
  redis: Redis | Cluster;
  /** A connection with `maxRetriesPerRequest: null`, as BullMQ workers need. */
  connection: Redis | Cluster;
  prefix: string;
  chat: ChatAdapter;
  kube: KubeReader;
  metrics?: Metrics;
  isRetryable(err: unknown): boolean;
  clock: () => Date;
  log: Logger;
}

/** The report schedules of one runner process. */
export interface ReportSchedules {
  /** Resolves when the schedulers are in Redis and the worker is connected. */
  ready(): Promise<void>;
  close(force?: boolean): Promise<void>;
}

/**
 * Registers the runner's report schedules (`config.reports` of its cluster) as BullMQ job
 * schedulers and runs the health report on each tick: compared with the schedule's previous report
 * (Redis), with Triage's activity since then, posted as one message with the details in its
 * thread; nothing at all when the schedule is quiet on a healthy cluster. Schedules live in Redis,
 * so several runners of a cluster report once per tick between them.
 */
export function createReportSchedules(deps: ReportSchedulesDeps): ReportSchedules {
  const { config, connection, prefix, log } = deps;
  const cluster = config.cluster;
  const schedules = config.reports.filter((s) => (s.cluster ?? cluster) === cluster);
  const elsewhere = config.reports.filter((s) => !schedules.includes(s)).map((s) => s.id);
  if (elsewhere.length > 0)
    log.info({ schedules: elsewhere }, 'report schedules of other clusters left to their runners');

  const queue = logQueueErrors(
    new Queue<ReportJobData>(reportQueueName(cluster), { connection, prefix }),
    log,
  );
  const synced = syncReportSchedulers(queue, cluster, schedules);
  synced.catch((err) => log.error({ err }, 'report schedules not stored'));
  if (schedules.length === 0)
    return {
      ready: async () => {
        await synced;
      },
      close: async () => {
        await synced.catch(() => undefined);
        await queue.close();
      },
    };

  const playbook = createStoredHealthReport(deps.redis, prefix);
  const poster = createReportPoster(deps.chat, deps.redis, prefix);

  async function report(job: Job<ReportJobData>, schedule: ReportSchedule, signal?: AbortSignal) {
    const tick = new Date(job.opts.prevMillis ?? job.timestamp).toISOString();
    const channel = schedule.channel ?? config.channel;
    const trigger: Signal = {
      source: 'schedule',
      key: `schedule/${schedule.id}/${tick}`,
      status: 'firing',
      name: HEALTH_REPORT,
      cluster,
      labels: { schedule: schedule.id },
      annotations: {},
      startsAt: tick,
      playbook: HEALTH_REPORT,
      channel,
    };
    const { namespaces, pendingMinutes, oomWindowHours } = schedule;
    const params = { schedule: schedule.id, namespaces, pendingMinutes, oomWindowHours };
    const runLog = log.child({ jobId: job.id, playbook: HEALTH_REPORT, schedule: schedule.id });
    let findings: Finding[];
    try {
      findings = await runPlaybook(playbook, params, {
        kube: deps.kube,
        ...(deps.metrics ? { metrics: deps.metrics } : {}),
        clock: deps.clock,
        log: runLog,
        cluster,
        trigger,
        timeoutMs: config.playbookTimeoutMs,
        ...(signal ? { signal } : {}),
        progress: async (text) => runLog.debug({ progress: text }),
      });
    } catch (err) {
      if (!(err instanceof RunnerError) && deps.isRetryable(err) && job.attemptsMade + 1 < ATTEMPTS)
        throw err;
      runLog.error({ err }, 'health report failed');
      findings = [errorFinding(HEALTH_REPORT, 'cluster', err)];
    }
    if (schedule.quietWhenHealthy && isHealthyReport(findings)) return 'quiet';
    await poster.post(job.id ?? trigger.key, channel, findings);
    return 'posted';
  }

  const worker = new Worker<ReportJobData>(
    reportQueueName(cluster),
    async (job, _token, signal) => {
      const schedule = schedules.find((s) => s.id === job.data.schedule);
      // A tick queued before the schedule left the config: nothing to report.
      if (!schedule) return 'unscheduled';
      return report(job, schedule, signal);
    },
    { connection, prefix, concurrency: 1, lockDuration: config.lockDurationMs },
  );
  worker.on('failed', (job, err) =>
    log.warn({ jobId: job?.id, err: err.message }, 'health report attempt failed'),
  );
  worker.on('error', (err) => log.error({ err }, 'report worker error'));

  return {
    async ready() {
      await Promise.all([synced, worker.waitUntilReady()]);
    },
    async close(force = false) {
      await worker.close(force);
      await synced.catch(() => undefined);
      await queue.close();
    },
  };
}
