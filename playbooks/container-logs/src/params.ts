import { isNamespaceName, isObjectName } from '@triage/kube';
import { z } from 'zod';
import { parseSince } from './kql-literal.js';

function isSince(text: string): boolean {
  try {
    parseSince(text);
    return true;
  } catch {
    return false;
  }
}

const objectName = (what: string) =>
  z.string().refine(isObjectName, { message: `${what} must be a Kubernetes name (DNS-1123 subdomain)` });

/**
 * `{ namespace, pod? | workload?, container?, since = '1h' (at most 7d), workspace? }`: whose logs, and
 * how far back. `workload` matches pods named `<workload>-…`. `workspace` is a Log Analytics workspace ID
 * (GUID); the configured default otherwise.
 */
export const containerLogsParams = z
  .object({
    namespace: z
      .string()
      .refine(isNamespaceName, { message: 'namespace must be a Kubernetes namespace name (DNS-1123 label)' }),
    pod: objectName('pod').optional(),
    workload: objectName('workload').optional(),
    container: objectName('container').optional(),
    since: z
      .string()
      .default('1h')
      .refine(isSince, { message: 'since must look like 90s, 30m, 1h or 7d, at most 7d' }),
    workspace: z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
        message: 'workspace must be a Log Analytics workspace ID (GUID)',
      })
      .optional(),
  })
  .refine((p) => p.pod === undefined || p.workload === undefined, {
    message: 'give --pod or --workload, not both',
  });

export type ContainerLogsParams = z.infer<typeof containerLogsParams>;
