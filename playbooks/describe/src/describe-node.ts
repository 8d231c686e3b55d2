import type { Finding } from '@triage/core';
import { composeFindings } from './compose-findings.js';
import type { DescribeContext } from './describe-context.js';
import type { NodeView, PodView } from './kube-shapes.js';
import { missingSubjectFinding } from './missing-subject.js';
import { allocationEvidence } from './node-allocation.js';
import { nodeConditionFindings } from './node-conditions.js';
import { eventsAbout } from './object-events.js';
import { podsFinding } from './pod-summary.js';
import { eventsFinding } from './rank-events.js';

function taintText(node: NodeView): string {
  const taints = node.spec?.taints ?? [];
  return taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ');
}

function cordonFinding(node: NodeView, key: string): Finding | undefined {
  if (!node.spec?.unschedulable) return undefined;
  return {
    severity: 'warning',
    title: `Node ${node.metadata.name} is cordoned`,
    detail: 'spec.unschedulable is true: no new pods are scheduled here (drain or maintenance in progress?).',
    subject: key,
    evidence: [{ source: `Node/${node.metadata.name} .spec.unschedulable`, text: 'true' }],
  };
}

/** A node as `kubectl describe node` shows it: conditions, taints, cordon, allocation, its pods, events. */
export async function describeNode(dc: DescribeContext, name: string): Promise<Finding[]> {
  const node = (await dc.kube.get('nodes', name)) as NodeView | undefined;
  if (!node) return [await missingSubjectFinding(dc, { kind: 'Node', name })];
  dc.signal.throwIfAborted();
  const pods = (await dc.kube.list('pods', { fieldSelector: `spec.nodeName=${name}` })) as PodView[];
  dc.signal.throwIfAborted();
  const events = await eventsAbout(dc.kube, { kind: 'Node', name });

  const allocation = allocationEvidence(node, pods);
  const taints = taintText(node);
  const taintEvidence = taints ? [{ source: `Node/${name} .spec.taints`, text: taints }] : [];
  return composeFindings({
    problems: [
      ...nodeConditionFindings(node, dc.key, dc.now),
      cordonFinding(node, dc.key),
      podsFinding(dc.key, `on node ${name}`, pods, dc.now, dc.maxEvents),
    ],
    healthy: {
      severity: 'ok',
      title: `Node ${name} is Ready`,
      detail: `Ready and reporting, no pressure, ${pods.length} pods all fine.`,
      subject: dc.key,
      evidence: [allocation, ...taintEvidence],
    },
    context: [
      {
        severity: 'info',
        title: `Node ${name}: allocation and taints`,
        detail: allocation.text,
        subject: dc.key,
        evidence: [allocation, ...taintEvidence],
      },
    ],
    events: eventsFinding(dc.key, events, dc.now, dc.maxEvents),
  });
}
