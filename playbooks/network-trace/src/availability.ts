import type { Finding, PlaybookContext } from '@triage/core';
import { nodeOs } from './kube-views.js';
import { splitRef } from './params.js';

/** Why tracing cannot run for this pod, as a finding; undefined when it can. */
export async function tracingUnavailable(
  ctx: PlaybookContext,
  pod: string,
  node: string | undefined,
): Promise<Finding | undefined> {
  const subject = `pod/${pod}`;
  if (!ctx.diagnosticPods) return readOnly(subject);
  if (!node)
    return {
      severity: 'warning',
      title: `Pod ${pod} is not scheduled on a node: nothing to trace`,
      detail: 'The pod has no spec.nodeName yet (Pending).',
      subject,
      evidence: [{ source: `Pod/${pod} .spec.nodeName`, text: '(unset)' }],
    };
  const nodeObject = await ctx.kube.get('nodes', node);
  if (nodeOs(nodeObject) === 'windows')
    return {
      severity: 'info',
      title: `Tracing unavailable on Windows node ${node}: eBPF gadgets run on Linux only`,
      detail:
        'Inspektor Gadget traces are eBPF programs and do not run on Windows nodes. Use the windows-logs playbook (HNS state, packet capture) for this pod.',
      subject,
      evidence: [{ source: `Node/${node} .metadata.labels`, text: 'kubernetes.io/os=windows' }],
      remediation: {
        summary: 'Collect Windows networking logs instead',
        steps: [`triage run windows-logs --node ${node}`],
      },
    };
  return undefined;
}

/** Tracing needs diagnostic pods, which a read-only install does not have. */
export function readOnly(subject: string): Finding {
  return {
    severity: 'info',
    title: 'Tracing unavailable: Triage runs read-only (no diagnostic pods)',
    detail:
      'This install has no diagnostic pods (read-only RBAC), so Inspektor Gadget traces cannot run; only static checks were made. Grant pod create/delete in Triage’s namespace to enable tracing.',
    subject,
    evidence: [{ source: 'Triage configuration', text: 'ctx.diagnosticPods is not configured' }],
  };
}

/**
 * A trace that fails (RBAC, missing namespace, API errors) becomes a finding, so the static checks
 * still reach people; cancellation and deadlines propagate.
 */
export async function guarded(
  ctx: PlaybookContext,
  gadget: string,
  trace: () => Promise<Finding[]>,
): Promise<Finding[]> {
  try {
    return await trace();
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const message = err instanceof Error ? err.message : String(err);
    ctx.log.warn({ err }, `${gadget} failed`);
    return [
      {
        severity: 'warning',
        title: `Tracing with ${gadget} failed`,
        detail: message,
        subject: `cluster`,
        evidence: [{ source: `${gadget} diagnostic pod`, text: message }],
      },
    ];
  }
}

/** Static findings about a Service a trace finding already explains with the same facts are dropped. */
export function withoutExplained(staticFindings: Finding[], traced: Finding[]): Finding[] {
  const explained = new Set(traced.filter((f) => f.severity === 'critical').map((f) => f.subject));
  return staticFindings.filter(
    (f) => !(explained.has(f.subject) && f.title.includes('matches no containerPort')),
  );
}

export function missing(kind: string, ref: string): Finding {
  const { namespace, name } = splitRef(ref);
  return {
    severity: 'warning',
    title: `${kind} ${ref} does not exist`,
    detail: `It may have been deleted or replaced (a new rollout renames pods) after the alert fired.`,
    subject: `${kind.toLowerCase()}/${ref}`,
    evidence: [{ source: `${kind}/${ref}`, text: 'GET returned 404 Not Found' }],
    remediation: {
      summary: `List current ${kind.toLowerCase()}s`,
      steps: [
        `kubectl -n ${namespace} get ${kind.toLowerCase()}s -o wide | grep ${name.replace(/-[a-z0-9]+$/, '')}`,
      ],
    },
  };
}
