import type { KubeObject, KubeReader } from '@triage/core';
import { KubeError, kubeErrorCodes } from '@triage/kube';
import {
  type EventView,
  eventSchema,
  type NodeView,
  nodeSchema,
  type PodView,
  parseEach,
  podSchema,
  type RuntimeClassView,
  runtimeClassSchema,
} from './kube-views.js';
import { type Placement, placementSchema } from './misplaced-pods.js';

/** Bounds on what one run reads: a node holds at most 250 pods on AKS. */
export const LIMITS = { pods: 500, warningEvents: 1000, pulledEvents: 1000, runtimeClasses: 100 } as const;

/** The node and what the Windows signatures need around it. */
export interface NodeObjects {
  node: NodeView;
  pods: PodView[];
  /** Warning events about the node's pods. */
  events: EventView[];
  /** Pulled events about the node's pods (how long image pulls took). */
  pulledEvents: EventView[];
  /** What pins each pod (`ns/name`) to an OS, and whether a DaemonSet owns it. */
  placements: Map<string, Placement>;
  runtimeClasses: RuntimeClassView[];
}

/** RuntimeClasses and Pulled events only add detail: a failed read of them must not fail the run. */
async function optionalList(read: () => Promise<KubeObject[]>): Promise<KubeObject[]> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof KubeError && err.code === kubeErrorCodes.aborted) throw err;
    return [];
  }
}

/**
 * Reads the node, its pods (spec.nodeName), the cluster's Warning events (joined to those pods)
 * and the RuntimeClasses. Undefined when the node does not exist.
 */
export async function fetchNodeObjects(kube: KubeReader, name: string): Promise<NodeObjects | undefined> {
  const raw = await kube.get('nodes', name);
  if (!raw) return undefined;
  const [node] = parseEach(nodeSchema, [raw]);
  if (!node) return undefined;
  const [pods, events, pulled, runtimeClasses] = await Promise.all([
    kube.list('pods', { fieldSelector: `spec.nodeName=${name}`, max: LIMITS.pods }),
    kube.list('events', { fieldSelector: 'type=Warning', max: LIMITS.warningEvents }),
    optionalList(() => kube.list('events', { fieldSelector: 'reason=Pulled', max: LIMITS.pulledEvents })),
    optionalList(() => kube.list('runtimeclasses', { max: LIMITS.runtimeClasses })),
  ]);
  const podViews = parseEach(podSchema, pods);
  const placements = new Map(
    pods.flatMap((raw) => {
      const placement = placementSchema.safeParse(raw);
      return placement.success
        ? [[`${raw.metadata.namespace}/${raw.metadata.name}`, placement.data] as const]
        : [];
    }),
  );
  const onNode = new Set(podViews.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
  const aboutPodsOnNode = (e: EventView) =>
    e.involvedObject.kind === 'Pod' && onNode.has(`${e.involvedObject.namespace}/${e.involvedObject.name}`);
  return {
    node,
    pods: podViews,
    events: parseEach(eventSchema, events).filter(aboutPodsOnNode),
    pulledEvents: parseEach(eventSchema, pulled).filter(aboutPodsOnNode),
    placements,
    runtimeClasses: parseEach(runtimeClassSchema, runtimeClasses),
  };
}
