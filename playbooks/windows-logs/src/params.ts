import { nodeFromSubject } from '@triage/core';
import { isObjectName } from '@triage/kube';
import { z } from 'zod';

/** A node's name param: a DNS-1123 subdomain, checked before any request. */
export const nodeNameParam = z
  .string()
  .refine(isObjectName, { message: 'node must be a Kubernetes node name (DNS-1123 subdomain)' });

/** Params of windows-logs: the node, and how far back to read its logs. */
export const windowsLogsParams = z.preprocess(
  nodeFromSubject,
  z.object({
    node: nodeNameParam,
    /** Log files not written in this many minutes are skipped; event log entries older than this too. */
    windowMinutes: z.coerce.number().int().min(1).max(1440).default(60),
  }),
);
export type WindowsLogsParams = z.infer<typeof windowsLogsParams>;
