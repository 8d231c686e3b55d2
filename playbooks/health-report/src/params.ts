import { isNamespaceName } from '@triage/kube';
import { z } from 'zod';
import { ON_DEMAND } from './report-history.js';

/** `a,b` from a command flag, or a list from config. */
function listOf(input: unknown): unknown {
  return typeof input === 'string'
    ? input
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : input;
}

export const healthReportParams = z.object({
  /** Only these namespaces (pods, budgets, Deployments; nodes are always read). `a,b` from the CLI. Default: all. */
  namespaces: z.preprocess(
    listOf,
    z
      .array(z.string().refine(isNamespaceName, { message: 'not a valid namespace name' }))
      .min(1)
      .max(100)
      .optional(),
  ),
  /** A pod Pending longer than this many minutes is listed. */
  pendingMinutes: z.coerce.number().int().min(1).max(10_080).default(15),
  /** OOM kills within this many hours are listed. */
  oomWindowHours: z.coerce.number().int().min(1).max(168).default(24),
  /** The schedule this run belongs to: reports are compared with the previous one of the same schedule and cluster. */
  schedule: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes')
    .default(ON_DEMAND),
});
export type HealthReportParams = z.infer<typeof healthReportParams>;
