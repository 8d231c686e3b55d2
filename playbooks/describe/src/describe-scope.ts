import type { Finding } from '@triage/core';
import { composeFindings } from './compose-findings.js';
import type { DescribeContext } from './describe-context.js';
import { ago } from './format-age.js';
import { type EventView, findCondition, type NodeView, type PodView } from './kube-shapes.js';
import { missingSubjectFinding } from './missing-subject.js';
import { podsFinding } from './pod-summary.js';
import { eventsFinding } from './rank-events.js';

/** Bounds for a scope-wide look: counts above these are "at least". */
const maxPods = 5000;
const maxNodes = 5000;
const maxWarningEvents = 1000;

function notReadyNodesFinding(
  dc: DescribeContext,
  nodes: readonly NodeView[],
  total: number,
): Finding | undefined {
  const notReady = nodes.filter((node) => findCondition(node.status?.conditions, 'Ready')?.status !== 'True');
  if (notReady.length === 0) return undefined;
  const evidence = notReady.slice(0, dc.maxEvents).map((node) => {
    const ready = findCondition(node.status?.conditions, 'Ready');
    return {
      source: `Node/${node.metadata.name} .status.conditions[Ready]`,
      text: ready
        ? `${ready.status} ${ready.reason ?? ''}; last heartbeat ${ago(ready.lastHeartbeatTime, dc.now)}`
        : 'no Ready condition',
    };
  });
  if (notReady.length > dc.maxEvents)
    evidence.push({ source: 'Nodes', text: `and ${notReady.length - dc.maxEvents} more` });
  return {
    severity: 'critical',
    title: `${notReady.length} of ${total} nodes not Ready`,
    detail: 'Describe each node (subject node/<name>) for the cause.',
    subject: dc.key,
    evidence,
  };
}

/**
 * A namespace (or the whole cluster when `namespace` is undefined): pods by problem, nodes not
 * Ready (for a namespace, those hosting its pods) and the top Warning events.
 */
export async function describeScope(dc: DescribeContext, namespace: string | undefined): Promise<Finding[]> {
  if (namespace && !(await dc.kube.get('namespaces', namespace))) {
    return [await missingSubjectFinding(dc, { kind: 'Namespace', name: namespace })];
  }
  const scope = namespace ? { namespace } : {};
  const where = namespace ? `in namespace ${namespace}` : 'in the cluster';
  dc.signal.throwIfAborted();
  const pods = (await dc.kube.list('pods', { ...scope, max: maxPods })) as PodView[];
  dc.signal.throwIfAborted();
  const allNodes = (await dc.kube.list('nodes', { max: maxNodes })) as NodeView[];
  dc.signal.throwIfAborted();
  const warnings = (await dc.kube.list('events', {
    ...scope,
    fieldSelector: 'type=Warning',
    max: maxWarningEvents,
  })) as EventView[];

  const hosts = new Set(pods.map((pod) => pod.spec?.nodeName));
  const nodes = namespace ? allNodes.filter((node) => hosts.has(node.metadata.name)) : allNodes;
  const podCount = pods.length >= maxPods ? `the first ${maxPods}` : `${pods.length}`;
  return composeFindings({
    problems: [
      notReadyNodesFinding(dc, nodes, nodes.length),
      podsFinding(dc.key, where, pods, dc.now, dc.maxEvents),
    ],
    healthy: {
      severity: 'ok',
      title: `All ${podCount} pods ${where} are fine`,
      detail: `${podCount} pods Running and Ready (or completed); ${nodes.length} nodes${namespace ? ' hosting them' : ''} Ready.`,
      subject: dc.key,
      evidence: [],
    },
    events: eventsFinding(dc.key, warnings, dc.now, dc.maxEvents),
  });
}
