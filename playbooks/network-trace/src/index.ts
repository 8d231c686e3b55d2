import { definePlaybook, type Finding, sortFindings } from '@triage/core';
import { nodeOs } from './kube-views.js';
import { networkTraceParams, splitRef } from './params.js';
import { fetchServiceObjects, staticServiceFindings } from './static-checks.js';
import { traceClientDns } from './dns-trace.js';
import { traceClientTcp } from './tcp-trace.js';
import { networkTraceTriggers } from './triggers.js';

export { aggregateDns, type DnsExchange } from './dns-aggregate.js';
export { aggregateTcp, type TcpDestination, type TcpSummary } from './tcp-aggregate.js';
export { igJsonObjects, type DnsEvent, type TcpEvent, toDnsEvent, toTcpEvent } from './ig-events.js';
export { networkTraceParams, type NetworkTraceParams } from './params.js';
export { NETWORK_ALERT_NAMES } from './triggers.js';

/**
 * Connection refused and names that do not resolve: static checks of the Service involved, then
 * Inspektor Gadget traces (trace_tcp, trace_dns) of the client pod in a diagnostic pod on its node,
 * mapped back to Services, pods and nodes.
 *
 * @example triage run network-trace --pod shop/storefront-tzgssnhqj2-8k8c4 --mode tcp
 */
export const networkTracePlaybook = definePlaybook({
  name: 'network-trace',
  summary:
    'Connection refused and DNS failures: TCP/DNS traces with Inspektor Gadget, mapped back to pods and Services',
  params: networkTraceParams,
  triggers: networkTraceTriggers,
  timeoutMs: 300_000,
  async run(ctx, params) {
    const findings: Finding[] = [];
    if (params.service) {
      const { namespace, name } = splitRef(params.service);
      await ctx.progress(`Checking Service ${namespace}/${name}: selector, endpoints, ports`);
      const objects = await fetchServiceObjects(ctx.kube, namespace, name);
      findings.push(...(objects ? staticServiceFindings(objects) : [missing('Service', params.service)]));
    }
    if (!params.pod) return sortFindings(findings);
    const { namespace, name } = splitRef(params.pod);
    const client = await ctx.kube.get('pods', name, namespace);
    if (!client) return sortFindings([...findings, missing('Pod', params.pod)]);
    const node = (client.spec as { nodeName?: string } | undefined)?.nodeName;
    const unavailable = await tracingUnavailable(ctx, params.pod, node);
    if (unavailable) return sortFindings([...findings, unavailable]);
    const pods = ctx.diagnosticPods as NonNullable<typeof ctx.diagnosticPods>;
    await pods.cleanup().catch((err: unknown) => ctx.log.warn({ err }, 'diagnostic pod janitor failed'));
    const traced: Finding[] = [];
    if (params.mode !== 'dns')
      traced.push(...(await traceClientTcp(ctx, pods, client, node as string, params.durationSeconds)));
    if (params.mode !== 'tcp')
      traced.push(...(await traceClientDns(ctx, pods, client, node as string, params.durationSeconds)));
    return sortFindings([...withoutExplained(findings, traced), ...traced]);
  },
});

/** Why tracing cannot run for this pod, as a finding; undefined when it can. */
async function tracingUnavailable(
  ctx: Parameters<typeof networkTracePlaybook.run>[0],
  pod: string,
  node: string | undefined,
): Promise<Finding | undefined> {
  const subject = `pod/${pod}`;
  if (!ctx.diagnosticPods)
    return {
      severity: 'info',
      title: 'Tracing unavailable: Triage runs read-only (no diagnostic pods)',
      detail:
        'This install has no diagnostic pods (read-only RBAC), so Inspektor Gadget traces cannot run; only static checks were made. Grant pod create/delete in Triage’s namespace to enable tracing.',
      subject,
      evidence: [{ source: 'Triage configuration', text: 'ctx.diagnosticPods is not configured' }],
    };
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

/** Static findings about a Service a trace finding already explains with the same facts are dropped. */
function withoutExplained(staticFindings: Finding[], traced: Finding[]): Finding[] {
  const explained = new Set(traced.filter((f) => f.severity === 'critical').map((f) => f.subject));
  return staticFindings.filter(
    (f) => !(explained.has(f.subject) && f.title.includes('matches no containerPort')),
  );
}

function missing(kind: string, ref: string): Finding {
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
