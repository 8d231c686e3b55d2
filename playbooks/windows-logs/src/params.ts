import { isObjectName } from '@triage/kube';
import { z } from 'zod';

// Routes in the runner config pass `{ subject: 'node/<name>' }`; commands and triggers pass `{ node }`.
function nodeFromSubject(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || 'node' in input) return input;
  const subject = (input as { subject?: unknown }).subject;
  return typeof subject === 'string' && subject.startsWith('node/')
    ? { ...input, node: subject.slice(5) }
    : input;
}

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
