import type { NodeView } from './kube-views.js';

/** Where an AKS node lives in Azure, for `az` commands. */
export interface AksNode {
  agentPool?: string;
  nodeImageVersion?: string;
  /** The node resource group (`MC_…`), scale set and instance id from the providerID. */
  resourceGroup?: string;
  scaleSet?: string;
  instanceId?: string;
}

/** AKS marks auto-repair candidates after this long NotReady (learn.microsoft.com/azure/aks/node-auto-repair). */
export const AKS_AUTO_REPAIR_AFTER_MS = 10 * 60 * 1000;

// azure:///subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/virtualMachineScaleSets/<vmss>/virtualMachines/<id>
const VMSS_PROVIDER_ID =
  /^azure:\/\/\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/([^/]+)\/virtualMachines\/([^/]+)$/i;

/** The AKS facts of a node; undefined when it is not an AKS node. */
export function assessAks(node: NodeView): AksNode | undefined {
  const labels = node.metadata.labels;
  const isAks =
    Object.keys(labels).some((k) => k.startsWith('kubernetes.azure.com/')) ||
    (node.spec.providerID ?? '').startsWith('azure://');
  if (!isAks) return undefined;
  const vmss = VMSS_PROVIDER_ID.exec(node.spec.providerID ?? '');
  return {
    agentPool: labels['kubernetes.azure.com/agentpool'] ?? labels.agentpool,
    nodeImageVersion: labels['kubernetes.azure.com/node-image-version'],
    resourceGroup: vmss?.[1],
    scaleSet: vmss?.[2],
    instanceId: vmss?.[3],
  };
}
