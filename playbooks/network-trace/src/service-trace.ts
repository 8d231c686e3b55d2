import type { DiagnosticPods, Finding, PlaybookContext } from '@triage/core';
import { fetchAddressIndex } from './address-index.js';
import { guarded, readOnly } from './availability.js';
import { createDnsAggregator } from './dns-aggregate.js';
import { dnsFindings } from './dns-findings.js';
import { corednsReadiness } from './dns-trace.js';
import { igLineHandler, toDnsEvent, toTcpEvent } from './ig-events.js';
import { refOf } from './kube-views.js';
import type { NetworkTraceParams } from './params.js';
import { runTrace, type TraceRun, traceProblem } from './run-trace.js';
import { asksForService, clientWorkloads, pickClientNodes, toService } from './service-clients.js';
import type { ServiceObjects } from './static-checks.js';
import { createTcpAggregator } from './tcp-aggregate.js';
import { destinationIps, explainTcp } from './tcp-trace.js';

const LIST_MAX = 5000;

/**
 * Finds who talks to a Service and how it goes: trace_tcp and/or trace_dns on up to
 * `MAX_CLIENT_TRACE_NODES` (5) Linux nodes at once, every pod, keeping the connects to the Service
 * (ClusterIP or endpoints) and the lookups of its names, summed over all client pods and explained
 * like a traced pod's.
 */
export async function traceServiceClients(
  ctx: PlaybookContext,
  objects: ServiceObjects,
  params: Pick<NetworkTraceParams, 'mode' | 'durationSeconds'>,
): Promise<Finding[]> {
  const subject = `service/${refOf(objects.service)}`;
  if (!ctx.diagnosticPods) return [readOnly(subject)];
  const pods = ctx.diagnosticPods;
  const namespace = objects.service.metadata.namespace ?? 'default';
  const [nodes, namespacePods] = await Promise.all([
    ctx.kube.list('nodes', { max: LIST_MAX }),
    ctx.kube.list('pods', { namespace, max: LIST_MAX }),
  ]);
  const picked = pickClientNodes(nodes, namespacePods);
  if (picked.nodes.length === 0)
    return [
      {
        severity: 'info',
        title: `No Ready Linux node to trace the clients of Service ${objects.service.metadata.name} on`,
        detail: 'eBPF gadgets run on Ready Linux nodes only; static checks were made.',
        subject,
        evidence: [{ source: 'nodes', text: `${nodes.length} nodes, none Ready and Linux` }],
      },
    ];
  await pods.cleanup().catch((err: unknown) => ctx.log.warn({ err }, 'diagnostic pod janitor failed'));
  const skipped = picked.skipped ? ` (${picked.skipped} more nodes not traced)` : '';
  await ctx.progress(`Tracing clients of ${refOf(objects.service)} on ${picked.nodes.join(', ')}${skipped}`);
  // Both traces watch the same window: one ig pod per gadget and node, side by side.
  const runs = await Promise.all([
    params.mode !== 'dns'
      ? guarded(ctx, 'trace_tcp', () =>
          traceClientsTcp(ctx, pods, objects, picked.nodes, params.durationSeconds),
        )
      : [],
    params.mode !== 'tcp'
      ? guarded(ctx, 'trace_dns', () =>
          traceClientsDns(ctx, pods, objects, picked.nodes, params.durationSeconds),
        )
      : [],
  ]);
  return runs.flat();
}

async function traceClientsTcp(
  ctx: PlaybookContext,
  pods: DiagnosticPods,
  objects: ServiceObjects,
  nodes: string[],
  durationSeconds: number,
): Promise<Finding[]> {
  const isServiceDestination = toService(objects);
  // One aggregate for all nodes: a client's connects add up wherever it runs.
  const aggregator = createTcpAggregator((e) => isServiceDestination(e.dst.addr, e.dst.port));
  const runs = await traceNodes(ctx, nodes, (node) =>
    runTrace(ctx, pods, {
      gadget: 'trace_tcp',
      node,
      filter: {},
      durationSeconds,
      extraFlags: ['--connect-only'],
      onLine: igLineHandler(toTcpEvent, aggregator.add),
    }),
  );
  const summary = aggregator.summary();
  await ctx.progress(`trace_tcp: ${summary.connects} connects to the Service, ${summary.failed} failed`);
  const clientIps = [...summary.failures, ...summary.successes].flatMap((g) => [...g.clients.keys()]);
  const index = await fetchAddressIndex(ctx.kube, [...destinationIps(summary), ...clientIps]);
  const ref = refOf(objects.service);
  const scope = {
    subject: `service/${ref}`,
    client: clientWorkloads(summary, index, `clients of ${objects.service.metadata.name}`),
    traced: `any pod on ${nodes.join(', ')} to Service ${ref}`,
    nodes,
    durationSeconds,
    byClient: true,
  };
  return [...runs.failed, ...(await explainTcp(ctx, scope, summary, index, runs.done))];
}

async function traceClientsDns(
  ctx: PlaybookContext,
  pods: DiagnosticPods,
  objects: ServiceObjects,
  nodes: string[],
  durationSeconds: number,
): Promise<Finding[]> {
  const isServiceName = asksForService(objects.service);
  const aggregator = createDnsAggregator((e) => isServiceName(e.name));
  const runs = await traceNodes(ctx, nodes, (node) =>
    runTrace(ctx, pods, {
      gadget: 'trace_dns',
      node,
      filter: {},
      durationSeconds,
      onLine: igLineHandler(toDnsEvent, aggregator.add),
    }),
  );
  const ref = refOf(objects.service);
  const subject = `service/${ref}`;
  const coredns = await ctx.kube.list('pods', {
    namespace: 'kube-system',
    labelSelector: 'k8s-app=kube-dns',
    max: 100,
  });
  return [
    ...runs.failed,
    ...runs.done.flatMap((run) => traceProblem(run, subject) ?? []),
    ...corednsReadiness(coredns),
    ...dnsFindings({
      subject,
      traced: `any pod on ${nodes.join(', ')} asking for Service ${ref}`,
      client: `clients of ${objects.service.metadata.name}`,
      nodes,
      durationSeconds,
      // The clients' own resolver settings are unknown here: the cluster defaults.
      dnsPolicy: 'ClusterFirst',
      ndots: 5,
      clientExchanges: aggregator.exchanges(),
      upstream: undefined,
      corednsNodes: [],
      forwarders: [],
    }),
  ];
}

/**
 * Runs one trace per node side by side. A node whose ig pod cannot be created becomes a warning
 * and the others still count; when every node fails, the first error is thrown.
 */
async function traceNodes(
  ctx: PlaybookContext,
  nodes: string[],
  trace: (node: string) => Promise<TraceRun>,
): Promise<{ done: TraceRun[]; failed: Finding[] }> {
  const settled = await Promise.allSettled(nodes.map(trace));
  if (ctx.signal.aborted) throw ctx.signal.reason;
  const done = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const errors = settled.flatMap((s, i) =>
    s.status === 'rejected' ? [{ node: nodes[i], err: s.reason }] : [],
  );
  if (done.length === 0 && errors[0]) throw errors[0].err;
  const failed = errors.map(({ node, err }): Finding => {
    const message = err instanceof Error ? err.message : String(err);
    return {
      severity: 'warning',
      title: `Tracing on ${node} failed`,
      detail: `No events from this node: ${message}`,
      subject: `node/${node}`,
      evidence: [{ source: `ig pod on ${node}`, text: message }],
    };
  });
  return { done, failed };
}
