import { z } from 'zod';
import { signalSchema } from './signal.js';

/**
 * The contract between ingress (gateway, CLI, Slack) and the runner: one BullMQ job per
 * accepted request on the intake queue, holding every signal of that request. Storing a
 * request as one job keeps the gateway's 2xx to a single Redis round trip; the runner fans
 * the signals out.
 */
export const INTAKE_QUEUE = 'triage-intake';

/** Job name of a batch of signals on the intake queue. */
export const INTAKE_JOB = 'signals';

export const intakeJobSchema = z.object({
  signals: z.array(signalSchema).min(1),
  /** When the gateway accepted the request, ISO 8601. */
  receivedAt: z.string(),
});
export type IntakeJob = z.infer<typeof intakeJobSchema>;
