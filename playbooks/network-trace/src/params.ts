import { isNamespaceName, isObjectName } from '@triage/kube';
import { z } from 'zod';

/** `ns/name`, or a bare name completed with `namespace`. */
function qualify(value: unknown, namespace: unknown): unknown {
  if (typeof value !== 'string' || value.includes('/')) return value;
  return typeof namespace === 'string' ? `${namespace}/${value}` : value;
}

const objectRef = (what: string) =>
  z.string().refine(
    (v) => {
      const [ns, name, ...rest] = v.split('/');
      return rest.length === 0 && !!ns && !!name && isNamespaceName(ns) && isObjectName(name);
    },
    { message: `${what} must be <namespace>/<name> (or --namespace <ns> --${what} <name>)` },
  );

/**
 * network-trace params. `pod` is the client to trace; `service` adds static checks of that
 * Service. `--namespace` completes bare names. durationSeconds: 15 by default, at most 120.
 */
export const networkTraceParams = z
  .preprocess(
    (input) => {
      if (typeof input !== 'object' || input === null) return input;
      const i = input as Record<string, unknown>;
      return { ...i, pod: qualify(i.pod, i.namespace), service: qualify(i.service, i.namespace) };
    },
    z.object({
      namespace: z.string().optional(),
      pod: objectRef('pod').optional(),
      service: objectRef('service').optional(),
      mode: z.enum(['dns', 'tcp', 'both']).default('both'),
      durationSeconds: z.coerce.number().int().min(1).max(120).default(15),
    }),
  )
  .refine((p) => p.pod !== undefined || p.service !== undefined, {
    message: 'give a pod or a service (<namespace>/<name>)',
  });

export type NetworkTraceParams = z.infer<typeof networkTraceParams>;

/** Splits `ns/name`. */
export function splitRef(ref: string): { namespace: string; name: string } {
  const [namespace = '', name = ''] = ref.split('/');
  return { namespace, name };
}
