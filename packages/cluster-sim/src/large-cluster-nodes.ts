import type { KubeObject } from './kube-object.js';
import { CREATED, iso, uid } from './large-cluster-random.js';

/** Nodes per pool (VMSS). */
export const POOL_SIZE = 100;
/** Every 25th pool is a Windows Server 2022 pool. */
const WINDOWS_POOL_EVERY = 25;

/** The name of node `index` in a generated cluster: `aks-pool07-31415926-vmss000042` or `aksw24000042`. */
export function largeClusterNodeName(index: number): string {
  const pool = Math.floor(index / POOL_SIZE);
  const n = String(index % POOL_SIZE).padStart(6, '0');
  return isWindowsPool(pool)
    ? `aksw${String(pool).padStart(2, '0')}${n}`
    : `aks-pool${String(pool).padStart(2, '0')}-31415926-vmss${n}`;
}

/** True for the Windows pools (every 25th). */
export function isWindowsPool(pool: number): boolean {
  return pool % WINDOWS_POOL_EVERY === WINDOWS_POOL_EVERY - 1;
}
/**
 * An AKS-shaped Node; about 0.2 % are NotReady (kubelet stopped posting, unreachable taints) and 0.2 %
 * under memory pressure.
 */
export function nodeObject(index: number, random: () => number, now: number): KubeObject {
  const name = largeClusterNodeName(index);
  const pool = Math.floor(index / POOL_SIZE);
  const windows = isWindowsPool(pool);
  const poolName = windows ? `w${String(pool).padStart(2, '0')}` : `pool${String(pool).padStart(2, '0')}`;
  const zone = `westeurope-${(index % 3) + 1}`;
  const roll = random();
  const notReady = roll < 0.002;
  const memoryPressure = !notReady && roll < 0.004;
  const heartbeat = iso(notReady ? now - 14 * 60_000 : now - 20_000);
  const condition = (type: string, ok: boolean, reason: string, message: string) => ({
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: notReady || !ok ? iso(now - 16 * 60_000) : CREATED,
    message: notReady ? 'Kubelet stopped posting node status.' : message,
    reason: notReady ? 'NodeStatusUnknown' : reason,
    status: notReady ? 'Unknown' : type === 'Ready' ? String(ok ? 'True' : 'False') : ok ? 'False' : 'True',
    type,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      creationTimestamp: CREATED,
      labels: {
        agentpool: poolName,
        'kubernetes.azure.com/agentpool': poolName,
        'kubernetes.azure.com/cluster': 'MC_rg-bench_aks-bench_westeurope',
        'kubernetes.azure.com/node-image-version': windows
          ? 'AKSWindows-2022-containerd-20348.3207.250212'
          : 'AKSUbuntu-2204gen2containerd-202502.09.0',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': windows ? 'windows' : 'linux',
        'node.kubernetes.io/instance-type': 'Standard_D8s_v3',
        ...(windows ? { 'node.kubernetes.io/windows-build': '10.0.20348' } : {}),
        'topology.kubernetes.io/region': 'westeurope',
        'topology.kubernetes.io/zone': zone,
      },
      name,
      resourceVersion: String(1000 + index),
      uid: uid(random),
    },
    spec: {
      podCIDR: `10.${128 + (index >> 8)}.${index & 255}.0/24`,
      podCIDRs: [`10.${128 + (index >> 8)}.${index & 255}.0/24`],
      providerID: `azure:///subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mc_rg-bench_aks-bench_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-${poolName}-31415926-vmss/virtualMachines/${index % POOL_SIZE}`,
      ...(notReady
        ? {
            taints: [
              {
                effect: 'NoSchedule',
                key: 'node.kubernetes.io/unreachable',
                timeAdded: iso(now - 14 * 60_000),
              },
              {
                effect: 'NoExecute',
                key: 'node.kubernetes.io/unreachable',
                timeAdded: iso(now - 14 * 60_000),
              },
            ],
          }
        : memoryPressure
          ? {
              taints: [
                {
                  effect: 'NoSchedule',
                  key: 'node.kubernetes.io/memory-pressure',
                  timeAdded: iso(now - 9 * 60_000),
                },
              ],
            }
          : {}),
    },
    status: {
      addresses: [
        { address: `10.224.${index >> 8}.${index & 255}`, type: 'InternalIP' },
        { address: name, type: 'Hostname' },
      ],
      allocatable: {
        cpu: '7820m',
        'ephemeral-storage': '119703055367',
        memory: '28247228Ki',
        pods: windows ? '30' : '110',
      },
      capacity: {
        cpu: '8',
        'ephemeral-storage': '129886128Ki',
        memory: '32873660Ki',
        pods: windows ? '30' : '110',
      },
      conditions: [
        condition(
          'MemoryPressure',
          !memoryPressure,
          memoryPressure ? 'KubeletHasInsufficientMemory' : 'KubeletHasSufficientMemory',
          memoryPressure
            ? 'kubelet has insufficient memory available'
            : 'kubelet has sufficient memory available',
        ),
        condition('DiskPressure', true, 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', true, 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', true, 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        containerRuntimeVersion: windows ? 'containerd://1.7.20+azure' : 'containerd://1.7.25-1',
        kernelVersion: windows ? '10.0.20348.3207' : '5.15.0-1079-azure',
        kubeletVersion: 'v1.30.9',
        operatingSystem: windows ? 'windows' : 'linux',
        osImage: windows ? 'Windows Server 2022 Datacenter' : 'Ubuntu 22.04.5 LTS',
      },
    },
  };
}
