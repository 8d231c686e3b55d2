import { parseSubjectKey } from '@triage/core';
import { isNamespaceName, isObjectName } from '@triage/kube';
import { z } from 'zod';
import { maxQueryLength } from './bounded-query.js';
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

/** Routes pass `{ subject: 'pod/<ns>/<name>' }`; it fills namespace/pod (or workload, node) unless given. */
function scopeFromSubject(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  const given = input as Record<string, unknown>;
  if (typeof given.subject !== 'string' || given.namespace !== undefined || given.node !== undefined)
    return input;
  const subject = parseSubjectKey(given.subject);
  switch (subject?.kind) {
    case 'pod':
      return { namespace: subject.namespace, pod: subject.name, ...given };
    case 'workload':
      return { namespace: subject.namespace, workload: subject.name, ...given };
    case 'service':
      return { namespace: subject.namespace, ...given };
    case 'namespace':
      return { namespace: subject.name, ...given };
    case 'node':
      return { node: subject.name, ...given };
    default:
      return input;
  }
}

const paramsObject = z
  .object({
    namespace: z
      .string()
      .refine(isNamespaceName, { message: 'namespace must be a Kubernetes namespace name (DNS-1123 label)' })
      .optional(),
    pod: objectName('pod').optional(),
    workload: objectName('workload').optional(),
    container: objectName('container').optional(),
    node: objectName('node').optional(),
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
    kql: z.string().min(1).max(maxQueryLength).optional(),
    subject: z
      .string()
      .refine((key) => parseSubjectKey(key) !== undefined, { message: 'subject must be a subject key' })
      .optional(),
  })
  .refine((p) => p.pod === undefined || p.workload === undefined, {
    message: 'give --pod or --workload, not both',
  })
  .refine((p) => p.namespace !== undefined || (!p.pod && !p.workload && !p.container), {
    message: '--pod, --workload and --container need --namespace',
    path: ['namespace'],
  })
  .refine((p) => p.namespace !== undefined || p.node !== undefined || p.kql !== undefined || p.subject, {
    message: 'give --namespace (with --pod, --workload or --container), --node or --kql',
    path: ['namespace'],
  });

/**
 * `{ namespace, pod? | workload?, container?, node?, since = '1h' (at most 7d), workspace?, kql?, subject? }`.
 * `workload` matches pods named `<workload>-…`; `node` reads the node's status history; `workspace` is
 * a Log Analytics workspace ID (GUID), the configured default otherwise. `kql` is a raw query (see
 * {@link RawKqlParams}); `subject` (from routes: `pod/<ns>/<name>`, `node/<name>`, …) fills the scope.
 */
export const containerLogsParams = z.preprocess(scopeFromSubject, paramsObject);

export type ContainerLogsParams = z.infer<typeof paramsObject>;

/**
 * What a raw KQL command (`/triage kql …`) passes: the query, a look-back (`1h` default, at most `7d`)
 * and optionally a workspace. Raw KQL is for allow-listed users only: the chat front end checks the
 * allow-list before it enqueues; the playbook still bounds the query (time range and row limit) and
 * reports it as raw. Send as `{ playbook: 'container-logs', params: { kql, since } }`.
 */
export interface RawKqlParams {
  kql: string;
  since?: string;
  workspace?: string;
}
