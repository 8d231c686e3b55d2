/**
 * What a signal or finding is about. Rendered as a stable string key:
 * `node/<name>`, `pod/<ns>/<name>`, `workload/<ns>/<kind>/<name>`, `service/<ns>/<name>`,
 * `namespace/<ns>`, `cluster`.
 */
export type Subject =
  | { kind: 'node'; name: string }
  | { kind: 'pod'; namespace: string; name: string }
  | { kind: 'workload'; namespace: string; workloadKind: string; name: string }
  | { kind: 'service'; namespace: string; name: string }
  | { kind: 'namespace'; name: string }
  | { kind: 'cluster' };

/** The subject's string key, e.g. `pod/shop/web-1`. */
export function subjectKey(subject: Subject): string {
  switch (subject.kind) {
    case 'node':
      return `node/${subject.name}`;
    case 'pod':
      return `pod/${subject.namespace}/${subject.name}`;
    case 'workload':
      return `workload/${subject.namespace}/${subject.workloadKind}/${subject.name}`;
    case 'service':
      return `service/${subject.namespace}/${subject.name}`;
    case 'namespace':
      return `namespace/${subject.name}`;
    case 'cluster':
      return 'cluster';
  }
}

/** Parses a subject key back into a Subject; undefined when it is not one. */
export function parseSubjectKey(key: string): Subject | undefined {
  const parts = key.split('/');
  const [kind, a, b, c] = parts;
  if (kind === 'cluster' && parts.length === 1) return { kind: 'cluster' };
  if (kind === 'node' && a && parts.length === 2) return { kind: 'node', name: a };
  if (kind === 'namespace' && a && parts.length === 2) return { kind: 'namespace', name: a };
  if (kind === 'pod' && a && b && parts.length === 3) return { kind: 'pod', namespace: a, name: b };
  if (kind === 'service' && a && b && parts.length === 3) return { kind: 'service', namespace: a, name: b };
  if (kind === 'workload' && a && b && c && parts.length === 4)
    return { kind: 'workload', namespace: a, workloadKind: b, name: c };
  return undefined;
}

/**
 * Preprocessor for the params of playbooks about one node: routes in the runner config pass the
 * subject (`{ subject: 'node/<name>' }`), commands and triggers pass `{ node }`; both become `{ node }`.
 * Anything else passes unchanged, for the params schema to reject.
 */
export function nodeFromSubject(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || 'node' in input) return input;
  const key = (input as { subject?: unknown }).subject;
  const subject = typeof key === 'string' ? parseSubjectKey(key) : undefined;
  return subject?.kind === 'node' ? { ...input, node: subject.name } : input;
}
