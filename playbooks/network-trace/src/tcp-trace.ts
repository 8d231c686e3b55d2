import type { DiagnosticPods, Finding, KubeObject, PlaybookContext } from '@triage/core';
import { type AddressIndex, fetchAddressIndex } from './address-index.js';
import { igJsonObjects, igLineHandler, type ParseStats, type TcpEvent, toTcpEvent } from './ig-events.js';
import { refOf, workloadName } from './kube-views.js';
import { fromPod, runTrace, type TraceRun, traceProblem } from './run-trace.js';
import { createTcpAggregator, type TcpSummary } from './tcp-aggregate.js';
import { type TcpTraceScope, tcpFindings } from './tcp-findings.js';
import { verifyServicePatch } from './verify-service-patch.js';

/** trace_tcp events in ig's output, lazily. */
export function* tcpEvents(text: string, stats?: ParseStats): Generator<TcpEvent> {
  for (const raw of igJsonObjects(text, stats)) {
    const event = toTcpEvent(raw);
    if (event) yield event;
  }
}

/**
 * Traces the client pod's connects on its node, aggregates failures by destination, maps the
 * addresses back to Services, pods and nodes, and explains them.
 */
export async function traceClientTcp(
  ctx: PlaybookContext,
  pods: DiagnosticPods,
  client: KubeObject,
  node: string,
  durationSeconds: number,
): Promise<Finding[]> {
  const namespace = client.metadata.namespace ?? 'default';
  const aggregator = createTcpAggregator(fromPod(client));
  const run = await runTrace(ctx, pods, {
    gadget: 'trace_tcp',
    node,
    filter: { namespace, pod: client.metadata.name },
    durationSeconds,
    extraFlags: ['--connect-only'],
    onLine: igLineHandler(toTcpEvent, aggregator.add),
  });
  const summary = aggregator.summary();
  await ctx.progress(`trace_tcp: ${summary.connects} connects, ${summary.failed} failed; mapping addresses`);
  const index = await fetchAddressIndex(ctx.kube, destinationIps(summary));
  const scope: TcpTraceScope = {
    subject: `pod/${refOf(client)}`,
    client: workloadName(client),
    traced: refOf(client),
    nodes: [node],
    durationSeconds,
  };
  return explainTcp(ctx, scope, summary, index, [run]);
}

/** The destination addresses of every connect in `summary`. */
export function destinationIps(summary: TcpSummary): string[] {
  return [...summary.failures, ...summary.successes].map((g) => g.addr);
}

/**
 * Findings for aggregated trace_tcp runs (the ig pods that did not finish cleanly first), with the
 * Service patches they propose checked by a server-side dry-run.
 */
export async function explainTcp(
  ctx: PlaybookContext,
  scope: TcpTraceScope,
  summary: TcpSummary,
  index: AddressIndex,
  runs: TraceRun[],
): Promise<Finding[]> {
  const problems = runs.flatMap((run) => traceProblem(run, scope.subject) ?? []);
  const { findings, patches } = tcpFindings(scope, summary, index);
  const { dryRun } = ctx;
  if (dryRun) await Promise.all(patches.map((p) => verifyServicePatch(dryRun, p)));
  return [...problems, ...findings];
}
