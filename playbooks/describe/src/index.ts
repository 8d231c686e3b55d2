import { definePlaybook, parseSubjectKey, type Subject } from '@triage/core';
import { isNamespaceName, isObjectName } from '@triage/kube';
import { z } from 'zod';
import type { DescribeContext } from './describe-context.js';
import { describeNode } from './describe-node.js';
import { describePod } from './describe-pod.js';
import { describeScope } from './describe-scope.js';
import { describeService } from './describe-service.js';
import { describeWorkload } from './describe-workload.js';

/** A subject key whose names are valid Kubernetes names (so they are safe in paths and selectors). */
function parseValidSubject(key: string): Subject | undefined {
  const subject = parseSubjectKey(key);
  if (!subject || subject.kind === 'cluster') return subject;
  if ('namespace' in subject && !isNamespaceName(subject.namespace)) return undefined;
  if (subject.kind === 'namespace') return isNamespaceName(subject.name) ? subject : undefined;
  if (subject.kind === 'workload' && !/^[A-Za-z]+$/.test(subject.workloadKind)) return undefined;
  return isObjectName(subject.name) ? subject : undefined;
}

export const describeParams = z.object({
  /** Subject key: `node/<name>`, `pod/<ns>/<name>`, `workload/<ns>/<Kind>/<name>`, `service/<ns>/<name>`, `namespace/<ns>`, `cluster`. */
  subject: z.string().refine((key) => parseValidSubject(key) !== undefined, {
    message:
      'subject must be node/<name>, pod/<ns>/<name>, workload/<ns>/<Kind>/<name>, service/<ns>/<name>, namespace/<ns> or cluster, with valid Kubernetes names',
  }),
  /** Most events (and pods) listed as evidence per finding; the rest are counted. Strings from command flags are accepted. */
  maxEvents: z.coerce.number().int().min(1).max(50).default(10),
});

function describeSubject(dc: DescribeContext, subject: Subject) {
  switch (subject.kind) {
    case 'node':
      return describeNode(dc, subject.name);
    case 'pod':
      return describePod(dc, subject.namespace, subject.name);
    case 'workload':
      return describeWorkload(dc, subject.namespace, subject.workloadKind, subject.name);
    case 'service':
      return describeService(dc, subject.namespace, subject.name);
    case 'namespace':
      return describeScope(dc, subject.name);
    case 'cluster':
      return describeScope(dc, undefined);
  }
}

/**
 * The general fallback: the subject's current state and its recent events, ranked, as an SRE
 * reads `kubectl describe`. The runner uses it for alerts no route claims, so it has no triggers.
 *
 * @example triage run describe --subject node/aks-np1-31415926-vmss000002
 */
export const describePlaybook = definePlaybook({
  name: 'describe',
  summary:
    "The subject's current state and its recent Kubernetes events, ranked (kubectl describe, read for you)",
  params: describeParams,
  triggers: [],
  async run(ctx, params) {
    const subject = parseValidSubject(params.subject);
    if (!subject) throw new TypeError(`describe: invalid subject ${JSON.stringify(params.subject)}`);
    await ctx.progress(`Describing ${params.subject}`);
    ctx.signal.throwIfAborted();
    const dc: DescribeContext = {
      kube: ctx.kube,
      now: ctx.clock(),
      key: params.subject,
      maxEvents: params.maxEvents,
      signal: ctx.signal,
    };
    return describeSubject(dc, subject);
  },
});
