import { definePlaybook, type Finding, type PlaybookContext, sortFindings } from '@triage/core';
import { guarded, missing, tracingUnavailable, withoutExplained } from './availability.js';
import { traceClientDns } from './dns-trace.js';
import { type NetworkTraceParams, networkTraceParams, splitRef } from './params.js';
import { traceServiceClients } from './service-trace.js';
import { fetchServiceObjects, type ServiceObjects, staticServiceFindings } from './static-checks.js';
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
 * or, given a Service alone, of every pod on a few nodes to find its clients; mapped back to
 * Services, pods and nodes.
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
    let service: ServiceObjects | undefined;
    if (params.service) {
      const { namespace, name } = splitRef(params.service);
      await ctx.progress(`Checking Service ${namespace}/${name}: selector, endpoints, ports`);
      service = await fetchServiceObjects(ctx.kube, namespace, name);
      findings.push(...(service ? staticServiceFindings(service) : [missing('Service', params.service)]));
    }
    const traced = params.pod
      ? await tracePod(ctx, params.pod, params)
      : service
        ? await traceServiceClients(ctx, service, params)
        : [];
    return sortFindings([...withoutExplained(findings, traced), ...traced]);
  },
});

/** Traces one client pod on its node (TCP and/or DNS, side by side). */
async function tracePod(
  ctx: PlaybookContext,
  ref: string,
  params: Pick<NetworkTraceParams, 'mode' | 'durationSeconds'>,
): Promise<Finding[]> {
  const { namespace, name } = splitRef(ref);
  const client = await ctx.kube.get('pods', name, namespace);
  if (!client) return [missing('Pod', ref)];
  const node = (client.spec as { nodeName?: string } | undefined)?.nodeName;
  const unavailable = await tracingUnavailable(ctx, ref, node);
  if (unavailable) return [unavailable];
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
  return runs.flat();
}
