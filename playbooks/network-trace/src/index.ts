import { definePlaybook, type Finding, type PlaybookContext, sortFindings } from '@triage/core';
import { missing, tracingUnavailable, withoutExplained } from './availability.js';
import { traceClientDns } from './dns-trace.js';
import { networkTraceParams, splitRef } from './params.js';
import { fetchServiceObjects, staticServiceFindings } from './static-checks.js';
import { traceClientTcp } from './tcp-trace.js';
import { networkTraceTriggers } from './triggers.js';

export { aggregateDns, type DnsExchange } from './dns-aggregate.js';
export { type DnsEvent, igJsonObjects, type TcpEvent, toDnsEvent, toTcpEvent } from './ig-events.js';
export { type NetworkTraceParams, networkTraceParams } from './params.js';
export { aggregateTcp, type TcpDestination, type TcpSummary } from './tcp-aggregate.js';
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
    // Both traces watch the same window: one ig pod per gadget, side by side.
    const runs = await Promise.all([
      params.mode !== 'dns'
        ? guarded(ctx, 'trace_tcp', () =>
            traceClientTcp(ctx, pods, client, node as string, params.durationSeconds),
          )
        : [],
      params.mode !== 'tcp'
        ? guarded(ctx, 'trace_dns', () =>
            traceClientDns(ctx, pods, client, node as string, params.durationSeconds),
          )
        : [],
    ]);
    const traced = runs.flat();
    return sortFindings([...withoutExplained(findings, traced), ...traced]);
  },
});

/**
 * A trace that fails (RBAC, missing namespace, API errors) becomes a finding, so the static checks
 * still reach people; cancellation and deadlines propagate.
 */
async function guarded(
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
