import type { Evidence, Finding } from '@triage/core';
import { composeFindings } from './compose-findings.js';
import type { DescribeContext } from './describe-context.js';
import type { NodeView, PodView } from './kube-shapes.js';
import { missingSubjectFinding } from './missing-subject.js';
import { nodeConditionFindings } from './node-conditions.js';
import { eventsAbout } from './object-events.js';
import { podLabel, podProblems } from './pod-problems.js';
import { eventsFinding } from './rank-events.js';

/** Where the pod runs and who owns it, as evidence every pod finding carries. */
function placement(pod: PodView): Evidence {
  const owner =
    pod.metadata.ownerReferences?.find((ref) => ref.controller) ?? pod.metadata.ownerReferences?.[0];
  const restarts = (pod.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0);
  return {
    source: `Pod/${podLabel(pod)}`,
    text: [
      `phase ${pod.status?.phase ?? 'Unknown'}`,
      `node ${pod.spec?.nodeName ?? '(not scheduled)'}`,
      `owner ${owner ? `${owner.kind}/${owner.name}` : 'none'}`,
      `${restarts} restarts`,
    ].join(', '),
  };
}

/** The node's own critical conditions, when the pod's trouble may be the node's. */
async function nodeFindings(dc: DescribeContext, pod: PodView): Promise<Finding[]> {
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) return [];
  const node = (await dc.kube.get('nodes', nodeName)) as NodeView | undefined;
  if (!node) return [];
  return nodeConditionFindings(node, dc.key, dc.now).filter((f) => f.severity === 'critical');
}

/** A pod as `kubectl describe pod` shows it: phase, conditions, container states, node, owner, events. */
export async function describePod(dc: DescribeContext, namespace: string, name: string): Promise<Finding[]> {
  const pod = (await dc.kube.get('pods', name, namespace)) as PodView | undefined;
  if (!pod) return [await missingSubjectFinding(dc, { kind: 'Pod', name, namespace })];
  dc.signal.throwIfAborted();
  const onNode = await nodeFindings(dc, pod);
  dc.signal.throwIfAborted();
  const events = await eventsAbout(dc.kube, { kind: 'Pod', name, namespace });

  const where = placement(pod);
  const problems = podProblems(pod, dc.now).map(
    (problem): Finding => ({
      severity: problem.severity,
      title: `Pod ${namespace}/${name}: ${problem.text}`,
      detail: where.text,
      subject: dc.key,
      evidence: [problem.evidence],
      ...(problem.hint && { remediation: { summary: problem.hint, steps: problem.steps ?? [] } }),
    }),
  );
  return composeFindings({
    problems: [...problems, ...onNode],
    healthy: {
      severity: 'ok',
      title: `Pod ${namespace}/${name} is ${pod.status?.phase === 'Running' ? 'Running and Ready' : (pod.status?.phase ?? 'Unknown')}`,
      detail: where.text,
      subject: dc.key,
      evidence: [where],
    },
    events: eventsFinding(dc.key, events, dc.now, dc.maxEvents),
  });
}
