import { type LabelRequirement, matchesRequirement } from './label-selector.js';
import type { NodeObject, PodObject, Taint, Toleration } from './pod-types.js';

/**
 * The scheduler's filtering, reduced to what diagnostic pods need: spec.nodeName kept, nodeSelector,
 * required node affinity (matchExpressions on labels, matchFields on metadata.name), cordoned nodes,
 * and NoSchedule/NoExecute taints unless tolerated.
 */

/** Where the pod goes, or the scheduler's FailedScheduling message. */
export type SchedulingDecision = { nodeName: string } | { unschedulableMessage: string };

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

function toRequirement(expression: NodeSelectorRequirement): LabelRequirement | undefined {
  const values = expression.values ?? [];
  switch (expression.operator) {
    case 'In':
      return { key: expression.key, op: 'in', values };
    case 'NotIn':
      return { key: expression.key, op: 'notIn', values };
    case 'Exists':
      return { key: expression.key, op: 'exists' };
    case 'DoesNotExist':
      return { key: expression.key, op: 'notExists' };
    case 'Gt':
    case 'Lt':
      return {
        key: expression.key,
        op: expression.operator === 'Gt' ? 'gt' : 'lt',
        value: Number(values[0]),
      };
    default:
      return undefined;
  }
}

function matchesTerm(term: NodeSelectorTerm, node: NodeObject): boolean {
  const labels = node.metadata.labels ?? {};
  const fields = { 'metadata.name': node.metadata.name ?? '' };
  const matchAll = (expressions: NodeSelectorRequirement[] | undefined, against: Record<string, string>) =>
    (expressions ?? []).every((expression) => {
      const requirement = toRequirement(expression);
      return requirement !== undefined && matchesRequirement(requirement, against);
    });
  const hasAny = (term.matchExpressions?.length ?? 0) + (term.matchFields?.length ?? 0) > 0;
  return hasAny && matchAll(term.matchExpressions, labels) && matchAll(term.matchFields, fields);
}

function requiredTerms(pod: PodObject): NodeSelectorTerm[] | undefined {
  const affinity = pod.spec?.affinity as
    | {
        nodeAffinity?: {
          requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
        };
      }
    | undefined;
  return affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
}

/** True when the pod's nodeSelector and required node affinity accept the node. */
export function matchesNodeSelection(pod: PodObject, node: NodeObject): boolean {
  const labels = node.metadata.labels ?? {};
  const bySelector = Object.entries(pod.spec?.nodeSelector ?? {}).every(
    ([key, value]) => labels[key] === value,
  );
  const terms = requiredTerms(pod);
  return bySelector && (terms === undefined || terms.some((term) => matchesTerm(term, node)));
}

/** True when one toleration tolerates the taint (the core/v1 `ToleratesTaint` rules). */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

/** The node's NoSchedule/NoExecute taints the pod does not tolerate. */
export function untoleratedTaints(pod: PodObject, node: NodeObject): Taint[] {
  const tolerations = pod.spec?.tolerations ?? [];
  return (node.spec?.taints ?? []).filter(
    (taint) =>
      (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') &&
      !tolerations.some((t) => tolerates(t, taint)),
  );
}

/** Why a node does not fit (the scheduler's reason text), or undefined when it fits. */
function misfit(pod: PodObject, node: NodeObject): string | undefined {
  if (node.spec?.unschedulable) {
    const tolerated = (pod.spec?.tolerations ?? []).some((t) =>
      tolerates(t, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }),
    );
    if (!tolerated) return 'node(s) were unschedulable';
  }
  if (!matchesNodeSelection(pod, node)) return "node(s) didn't match Pod's node affinity/selector";
  const [taint] = untoleratedTaints(pod, node);
  if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  return undefined;
}

/**
 * Chooses a node for the pod: its spec.nodeName when set, else the fitting node with the fewest pods
 * (`podsOnNode`), ties broken by name. When nothing fits, the message has the scheduler's shape:
 * `0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 node(s) didn't match Pod's node
 * affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`
 */
export function scheduleOnto(
  pod: PodObject,
  nodes: readonly NodeObject[],
  podsOnNode: (nodeName: string) => number = () => 0,
): SchedulingDecision {
  if (pod.spec?.nodeName) return { nodeName: pod.spec.nodeName };
  const reasons = new Map<string, number>();
  const fitting: string[] = [];
  for (const node of nodes) {
    const reason = misfit(pod, node);
    if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    else fitting.push(node.metadata.name ?? '');
  }
  if (fitting.length > 0) {
    const [best] = fitting.sort((a, b) => podsOnNode(a) - podsOnNode(b) || a.localeCompare(b));
    return { nodeName: best as string };
  }
  const total = nodes.length;
  if (total === 0) return { unschedulableMessage: 'no nodes available to schedule pods' };
  const histogram = [...reasons].map(([reason, count]) => `${count} ${reason}`).sort();
  const detail = histogram.length > 0 ? ` ${histogram.join(', ')}.` : '';
  return {
    unschedulableMessage: `0/${total} nodes are available:${detail} preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`,
  };
}
