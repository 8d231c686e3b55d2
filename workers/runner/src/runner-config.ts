import { z } from 'zod';
import { reportSchedulesSchema } from './report-schedule-config.js';

/** One routing rule: alerts with these names run these playbooks (params from labels, see routing.ts). */
export const routeSchema = z.object({
  alertnames: z.array(z.string().min(1)).min(1),
  playbooks: z.array(z.string().min(1)).min(1),
  /** Fixed params merged over the derived ones. */
  params: z.record(z.string(), z.unknown()).optional(),
});
export type Route = z.infer<typeof routeSchema>;

/** The drain watch (drain-watch.ts): a scheduled look for drains stuck on cordoned nodes. */
export const drainWatchSchema = z.object({
  enabled: z.boolean().default(true),
  /** How often the cluster is checked; failed-drain events older than one interval are not reported. */
  intervalSeconds: z.number().int().min(1).default(300),
  /** A node cordoned longer than this that still runs pods a drain would evict is reported. */
  drainStuckAfterMinutes: z.number().int().positive().default(30),
});

/** The runner's settings. Every field has a default that suits a single-cluster install. */
export const runnerConfigSchema = z.object({
  cluster: z.string().min(1).default('default'),
  /** Chat channel for investigations when the signal does not name one. */
  channel: z.string().min(1).default('#triage'),
  /** Repeats of a firing alert (same key) within this window are not run again. */
  dedupeWindowSeconds: z.number().int().min(0).default(300),
  /** Deadline of one playbook run when the playbook sets none. */
  playbookTimeoutMs: z.number().int().positive().default(60_000),
  /** Parallel playbook runs per worker process. */
  concurrency: z.number().int().positive().default(4),
  /** Attempts of a playbook run that fails transiently (API 5xx, timeouts). */
  attempts: z.number().int().positive().default(3),
  /** Alert names that never open an investigation (heartbeats, inhibitors). */
  ignore: z.array(z.string()).default(['Watchdog', 'InfoInhibitor']),
  /** Extra routes, checked before the playbooks' own triggers. */
  routes: z.array(routeSchema).default([]),
  /** How long cluster lookups (a pod's node, node readiness) are cached when routing. */
  lookupCacheSeconds: z.number().int().min(0).default(30),
  /** BullMQ lock duration: how soon a job of a dead worker is taken over. */
  lockDurationMs: z.number().int().positive().default(30_000),
  drainWatch: drainWatchSchema.prefault({}),
  /** Post Rerun / Trace / Silence / Close controls under each run's findings (the Slack app handles them). */
  chatActions: z.boolean().default(false),
  /**
   * Many clusters, one Redis: this runner takes only `cluster`'s jobs. Signals of other clusters found on the
   * shared intake queue are handed to `<intake>@<cluster>`, which that cluster's runner serves; runs go to `<runs>@<cluster>`.
   */
  clusterQueues: z.boolean().default(false),
  /** Scheduled health reports (report-schedule-config.ts); a runner registers those of its own cluster. */
  reports: reportSchedulesSchema,
});
export type RunnerConfig = z.infer<typeof runnerConfigSchema>;
