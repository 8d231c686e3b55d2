import { z } from 'zod';

/** Where a signal came from. */
export const signalSources = ['alertmanager', 'azure-monitor', 'slack', 'schedule', 'cli'] as const;
export type SignalSource = (typeof signalSources)[number];

/**
 * One normalised input: an alert (firing or resolved), a chat command or a schedule tick.
 * `key` is stable across repeats of the same input (Alertmanager fingerprint, Azure alertId, …).
 */
export const signalSchema = z.object({
  source: z.enum(signalSources),
  key: z.string().min(1),
  status: z.enum(['firing', 'resolved']),
  name: z.string().min(1),
  cluster: z.string().min(1),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAt: z.string(),
  /** Which playbook to run, when the signal names one (commands, `triage run`). */
  playbook: z.string().optional(),
  /** Parameters given with the signal (commands); merged over those routing derives. */
  params: z.record(z.string(), z.unknown()).optional(),
  /** Where the thread should go, when the signal says (Slack channel of a command). */
  channel: z.string().optional(),
  /** Who asked (a Slack user ID, a CLI user), for the audit trail of commands and diagnostic pods. */
  requestedBy: z.string().optional(),
  raw: z.unknown().optional(),
});
export type Signal = z.infer<typeof signalSchema>;
