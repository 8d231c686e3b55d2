import type { KubeObject, KubeReader, Logger } from '@triage/core';
import type { WindowsCheckObjects } from '@triage/playbook-windows-logs';
import type { NodeView } from './kube-views.js';
import { optionalRead } from './optional-read.js';
import { isWindowsNode } from './windows-node.js';

/** Bounds on the extra reads of the Windows checks, which only Windows nodes make. */
export const WINDOWS_LIMITS = { warningEvents: 500, runtimeClasses: 100, clusterPods: 500 } as const;

/**
 * What windows-logs' `windowsChecks` needs about one node, read while the node's pods (`raw.pods`,
 * already requested) arrive. A Linux node needs nothing more than its pods (a Windows image among
 * them is a finding). A Windows node adds, each bounded and optional
 * (a 403/404 leaves the check to predict from the specs): the cluster's Warning pod events (which
 * confirm an OS mismatch or a failed pull), the RuntimeClasses (which the remediation names) and,
 * only when the node has no NoSchedule/NoExecute taint, the cluster's pods (Linux pods without an OS
 * selector that could land there). PodMonitors/ServiceMonitors are not read: the reader does not
 * serve monitoring.coreos.com, so a running windows_exporter counts as scraped.
 */
export async function fetchWindowsObjects(
  kube: KubeReader,
  raw: { node: KubeObject; pods: Promise<readonly KubeObject[]> },
  node: NodeView,
  log: Logger,
): Promise<WindowsCheckObjects> {
  if (!isWindowsNode(node)) return { nodes: [raw.node], pods: await raw.pods };
  const name = node.metadata.name;
  const untainted = !node.spec.taints.some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  const [podsOnNode, events, runtimeClasses, clusterPods] = await Promise.all([
    raw.pods,
    optionalRead(
      () =>
        kube.list('events', {
          fieldSelector: 'type=Warning,involvedObject.kind=Pod',
          max: WINDOWS_LIMITS.warningEvents,
        }),
      log,
      'Warning pod events',
    ),
    optionalRead(
      () => kube.list('runtimeclasses', { max: WINDOWS_LIMITS.runtimeClasses }),
      log,
      'RuntimeClasses',
    ),
    untainted
      ? optionalRead(() => kube.list('pods', { max: WINDOWS_LIMITS.clusterPods }), log, 'cluster pods')
      : undefined,
  ]);
  const elsewhere = (clusterPods ?? []).filter(
    (p) => (p.spec as { nodeName?: unknown } | undefined)?.nodeName !== name,
  );
  return {
    nodes: [raw.node],
    pods: [...podsOnNode, ...elsewhere],
    events: events ?? [],
    runtimeClasses: runtimeClasses ?? [],
  };
}
