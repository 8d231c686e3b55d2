import { systemMemoryReserve } from '@triage/playbook-windows-logs';
import type { NodeView } from './kube-views.js';

/** Facts that matter when a Windows node misbehaves (shown as evidence; the checks are windows-logs'). */
export interface WindowsFacts {
  /** `node.kubernetes.io/windows-build` (Major.Minor.Build), which container images must match. */
  build?: string;
  osImage?: string;
  kernelVersion?: string;
  kubeletVersion?: string;
  containerRuntimeVersion?: string;
  /** capacity − allocatable memory, in bytes. */
  memoryReserve?: number;
}

/** True for nodes the kubelet labelled as Windows. */
export function isWindowsNode(node: NodeView): boolean {
  return (
    node.metadata.labels['kubernetes.io/os'] === 'windows' ||
    node.status.nodeInfo.operatingSystem === 'windows'
  );
}

/** The Windows facts of a node; undefined for Linux nodes. */
export function assessWindows(node: NodeView): WindowsFacts | undefined {
  if (!isWindowsNode(node)) return undefined;
  const { nodeInfo } = node.status;
  return {
    build: node.metadata.labels['node.kubernetes.io/windows-build'],
    osImage: nodeInfo.osImage,
    kernelVersion: nodeInfo.kernelVersion,
    kubeletVersion: nodeInfo.kubeletVersion,
    containerRuntimeVersion: nodeInfo.containerRuntimeVersion,
    memoryReserve: systemMemoryReserve(node),
  };
}
