import { formatBytes } from '@triage/core';
import type { NodeHealth } from './node-health.js';

// `az vmss run-command invoke` needs the scale set instance; AKS nodes name it in their providerID.
function runCommandTarget(h: NodeHealth): string {
  const aks = h.aks;
  return aks?.resourceGroup && aks.scaleSet && aks.instanceId
    ? `-g ${aks.resourceGroup} -n ${aks.scaleSet} --instance-id ${aks.instanceId}`
    : '-g <node resource group> -n <scale set> --instance-id <instance>';
}

/** How to get the kubelet and container runtime logs of the node, Windows or Linux. */
export function logCollectionStep(h: NodeHealth): string {
  const reachable = h.readiness.status === 'True';
  if (h.windows) {
    return reachable
      ? `Collect C:\\k\\kubelet.err.log, containerd.err.log and kubeproxy.err.log: triage run windows-logs --node ${h.name}`
      : `The node is unreachable, so a HostProcess pod cannot start there: read C:\\k\\kubelet.err.log through the VM (az vmss run-command invoke ${runCommandTarget(h)} --command-id RunPowerShellScript --scripts "Get-Content C:\\k\\kubelet.err.log -Tail 200").`;
  }
  return reachable
    ? `Kubelet and containerd logs: kubectl debug node/${h.name} -it --image=mcr.microsoft.com/cbl-mariner/busybox:2.0 -- chroot /host journalctl -u kubelet -u containerd --since "-1h"`
    : `The node is unreachable, so kubectl debug cannot start a pod there: read the kubelet journal through the VM (az vmss run-command invoke ${runCommandTarget(h)} --command-id RunShellScript --scripts "journalctl -u kubelet -u containerd --since -1h | tail -200").`;
}

/** Names the pods whose memory use outgrew their requests, and what to change. */
export function memoryRequestStep(h: NodeHealth): string {
  const oom = h.pods.oomKilled.map(
    (o) =>
      `${o.pod} (OOM-killed, ${o.restarts} restarts, request ${o.request === undefined ? 'none' : formatBytes(o.request)}, limit ${o.limit === undefined ? 'none' : formatBytes(o.limit)})`,
  );
  const evicted = h.pods.evicted
    .filter((e) => e.resource === 'memory')
    .map(
      (e) => `${e.pod} (evicted${e.usingBytes === undefined ? '' : ` using ${formatBytes(e.usingBytes)}`})`,
    );
  const named = [...oom, ...evicted];
  return named.length > 0
    ? `Set the memory request of ${named.join(', ')} to the real working set (and cap JVM heaps below the limit), so the scheduler stops packing this node beyond its memory.`
    : `Find the pods using memory beyond their requests: kubectl top pod -A --sort-by=memory, and raise their requests.`;
}
