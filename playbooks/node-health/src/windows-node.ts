import type { NodeView, PodView } from './kube-views.js';
import { parseQuantity } from './parse-quantity.js';

/**
 * Memory AKS guidance keeps back for a Windows node's OS and system services: Windows has no
 * kubelet memory-pressure eviction, so a smaller reserve lets pods starve the host.
 * https://learn.microsoft.com/azure/aks/node-resource-reservations
 */
export const WINDOWS_MIN_RESERVE_BYTES = 2 * 2 ** 30;

/** Facts that matter when a Windows node misbehaves. */
export interface WindowsFacts {
  /** `node.kubernetes.io/windows-build` (Major.Minor.Build), which container images must match. */
  build?: string;
  osImage?: string;
  kernelVersion?: string;
  kubeletVersion?: string;
  containerRuntimeVersion?: string;
  /** capacity − allocatable memory, in bytes. */
  memoryReserve?: number;
  /** The windows_exporter pod on the node, if one runs there. */
  exporterPod?: string;
}

/** True for nodes the kubelet labelled as Windows. */
export function isWindowsNode(node: NodeView): boolean {
  return (
    node.metadata.labels['kubernetes.io/os'] === 'windows' ||
    node.status.nodeInfo.operatingSystem === 'windows'
  );
}

// The prometheus-community chart labels its pods app.kubernetes.io/name=prometheus-windows-exporter;
// hand-made DaemonSets usually name the pods windows-exporter-xxxxx.
function isWindowsExporter(pod: PodView): boolean {
  const names = [pod.metadata.name, ...Object.values(pod.metadata.labels)];
  return names.some((n) => /windows[-_]exporter/.test(n)) && pod.status.phase === 'Running';
}

/** The Windows facts of a node; undefined for Linux nodes. */
export function assessWindows(node: NodeView, pods: readonly PodView[]): WindowsFacts | undefined {
  if (!isWindowsNode(node)) return undefined;
  const { capacity, allocatable, nodeInfo } = node.status;
  const total = parseQuantity(capacity.memory);
  const usable = parseQuantity(allocatable.memory);
  const exporter = pods.find(isWindowsExporter);
  return {
    build: node.metadata.labels['node.kubernetes.io/windows-build'],
    osImage: nodeInfo.osImage,
    kernelVersion: nodeInfo.kernelVersion,
    kubeletVersion: nodeInfo.kubeletVersion,
    containerRuntimeVersion: nodeInfo.containerRuntimeVersion,
    memoryReserve: total !== undefined && usable !== undefined ? total - usable : undefined,
    exporterPod: exporter ? `${exporter.metadata.namespace}/${exporter.metadata.name}` : undefined,
  };
}
