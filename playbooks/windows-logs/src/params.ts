import { nodeFromSubject } from '@triage/core';
import { isObjectName } from '@triage/kube';
import { z } from 'zod';

/** Params of windows-logs: the node, and how far back to read its logs. */
export const windowsLogsParams = z.preprocess(
  nodeFromSubject,
  z.object({
    /** The node's name (a DNS-1123 subdomain, checked before any request). */
    node: z
      .string()
      .refine(isObjectName, { message: 'node must be a Kubernetes node name (DNS-1123 subdomain)' }),
    /** Log files not written in this many minutes are skipped; event log entries older than this too. */
    windowMinutes: z.coerce.number().int().min(1).max(1440).default(60),
  }),
);
export type WindowsLogsParams = z.infer<typeof windowsLogsParams>;
