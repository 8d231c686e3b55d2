import { definePlaybook, type Finding, nodeFromSubject, sortFindings } from '@triage/core';
import { missingNodeFinding, nodeNameParam } from '@triage/playbook-windows-logs';
import { z } from 'zod';
import { conditionFindings } from './condition-findings.js';
import { fetchNodeObjects, fetchPodMetrics } from './fetch-node-objects.js';
import { healthyFinding } from './healthy-finding.js';
import { metricsFinding } from './metrics-finding.js';
import { assessNode, type NodeHealth } from './node-health.js';
import { podFindings } from './pod-findings.js';
import { flappingFinding, notReadyFinding } from './readiness-finding.js';
import { heaviestPodsFocus, resourceFindings } from './resource-findings.js';
import { taintFindings } from './taint-findings.js';
import { timelineFinding } from './timeline-finding.js';
import { nodeHealthTriggers } from './triggers.js';
import { windowsFindings } from './windows-findings.js';

export { assessNode, type NodeHealth, type NodeObjects } from './node-health.js';
export { type MetricsTarget, seriesNodeMatcher } from './node-metric-queries.js';
export { NODE_ALERT_NAMES } from './triggers.js';

/** node-health's params: the node (a DNS-1123 name), or a route's `{ subject: 'node/<name>' }`. */
export const nodeHealthParams = z.preprocess(nodeFromSubject, z.object({ node: nodeNameParam }));

/**
 * Every finding for the node, root cause first; a node with nothing wrong gets one `ok` finding,
 * plus the Windows checks' hints about its pods (IIS without LogMonitor) when there are any.
 */
export function nodeHealthFindings(h: NodeHealth): Finding[] {
  const windows = windowsFindings(h);
  const findings = [
    notReadyFinding(h),
    ...conditionFindings(h),
    flappingFinding(h),
    ...podFindings(h),
    ...taintFindings(h),
    ...resourceFindings(h),
    ...windows,
  ].filter((f): f is Finding => f !== undefined);
  const cited = new Set(findings.flatMap((f) => f.evidence.map((e) => e.source)));
  const timeline = timelineFinding(h, cited);
  if (timeline) findings.push(timeline);
  const alarming = findings.some((f) => f.severity === 'critical' || f.severity === 'warning');
  if (!alarming) return sortFindings([...windows, healthyFinding(h)]);
  return sortFindings(
    h.readiness.status === 'True' && h.problems.length === 0 ? [...findings, healthyFinding(h)] : findings,
  );
}

/**
 * Why a node is NotReady, under pressure or flapping — Linux or Windows — with evidence and next
 * steps. Reads only what the node needs: the node, its pods (spec.nodeName), its events
 * (involvedObject) and metrics.k8s.io figures; on a Windows node also, bounded and optional, what
 * windows-logs' Windows checks add (Warning pod events, RuntimeClasses, the cluster's pods while the
 * node has no taint).
 *
 * @example triage run node-health --node aks-userpool-31415926-vmss000001
 */
export const nodeHealthPlaybook = definePlaybook({
  name: 'node-health',
  summary:
    'Why a node is NotReady, under pressure or flapping (Linux and Windows), with evidence and next steps',
  params: nodeHealthParams,
  triggers: nodeHealthTriggers,
  timeoutMs: 45_000,
  async run(ctx, { node }) {
    await ctx.progress(`Checking node ${node}: conditions, taints, events, pods, metrics`);
    ctx.signal.throwIfAborted();
    const objects = await fetchNodeObjects(ctx.kube, node, ctx.log, ctx.signal);
    if (!objects) return [missingNodeFinding(node)];
    ctx.signal.throwIfAborted();
    const now = ctx.clock();
    let health = assessNode(objects, now, ctx.trigger.name);
    if (heaviestPodsFocus(health)) {
      await ctx.progress(`Reading pod metrics on ${node}`);
      objects.podMetrics = await fetchPodMetrics(ctx.kube, objects.pods, ctx.log);
      health = assessNode(objects, now, ctx.trigger.name);
    }
    if (!ctx.metrics) return nodeHealthFindings(health);
    await ctx.progress(`Reading ${node}'s memory, CPU, disk and network from Prometheus`);
    const fromPrometheus = await metricsFinding(ctx.metrics, health, ctx.trigger.startsAt, ctx.signal);
    return sortFindings([...nodeHealthFindings(health), fromPrometheus]);
  },
});
