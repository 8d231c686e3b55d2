import { isNamespaceName, isObjectName } from '@triage/kube';
import { z } from 'zod';
import type { DrainScope } from './drain-scope.js';

// Routes in the runner config pass `{ subject: 'node/<name>' | 'namespace/<ns>' }`; commands and triggers pass the names.
function fromSubject(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || 'node' in input || 'namespace' in input) return input;
  const { subject, ...rest } = input as { subject?: unknown };
  if (typeof subject !== 'string') return input;
  if (subject.startsWith('node/')) return { ...rest, node: subject.slice(5) };
  if (subject.startsWith('namespace/')) return { ...rest, namespace: subject.slice(10) };
  return input;
}

/** `{ node }` (what a drain of that node would hit) or `{ namespace }` (every pod there): exactly one. */
export const pdbDrainParams = z.preprocess(
  fromSubject,
  z
    .object({
      node: z
        .string()
        .refine(isObjectName, { message: 'node must be a Kubernetes node name (DNS-1123 subdomain)' })
        .optional(),
      namespace: z
        .string()
        .refine(isNamespaceName, {
          message: 'namespace must be a Kubernetes namespace name (DNS-1123 label)',
        })
        .optional(),
    })
    .refine((p) => (p.node === undefined) !== (p.namespace === undefined), {
      message: 'give exactly one of --node <name> or --namespace <ns>',
    }),
);

export type PdbDrainParams = z.infer<typeof pdbDrainParams>;

export function scopeOf(params: PdbDrainParams): DrainScope {
  return params.node !== undefined
    ? { kind: 'node', node: params.node }
    : { kind: 'namespace', namespace: params.namespace as string };
}
