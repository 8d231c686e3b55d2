import { CLUSTER, plus } from './cluster.js';
import { hexFor, uidFor } from './ids.js';

type KubeObject = Record<string, unknown>;

/** Windows Server builds as `node.kubernetes.io/windows-build` and the kubelet report them. */
export const WINDOWS = {
  '2019': {
    build: '10.0.17763',
    kernel: '10.0.17763.6893',
    osImage: 'Windows Server 2019 Datacenter',
    osSku: 'Windows2019',
    image: 'AKSWindows-2019-containerd-17763.6893.250212',
  },
  '2022': {
    build: '10.0.20348',
    kernel: '10.0.20348.3207',
    osImage: 'Windows Server 2022 Datacenter',
    osSku: 'Windows2022',
    image: 'AKSWindows-2022-containerd-20348.3207.250212',
  },
} as const;

export type WindowsVersion = keyof typeof WINDOWS;

/** One node as the scenario needs it: where it sits and how it is doing. */
export interface NodeInput {
  pool: string;
  index: number;
  os?: 'linux' | 'windows';
  windows?: WindowsVersion;
  mode?: 'System' | 'User';
  vmSize?: keyof typeof SIZES;
  /** Last octet of the node's 10.224.0.x address. */
  ipOctet: number;
  /** Third octet of the node's 10.244.x.0/24 pod CIDR. */
  podCidrOctet: number;
  zone?: 1 | 2 | 3;
  /** When the kubelet last posted status (default: a few seconds before the scenario's newest moment). */
  heartbeat?: string;
  /** Condition overrides by type: any field of the condition. */
  conditions?: Record<string, Partial<NodeCondition>>;
  taints?: { key: string; effect: string; value?: string; timeAdded?: string }[];
  unschedulable?: boolean;
  extraLabels?: Record<string, string>;
  created?: string;
  /** For nodes already upgraded (surge nodes): kubelet version and node image. */
  kubernetesVersion?: string;
  nodeImageVersion?: string;
}

export interface NodeCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastHeartbeatTime: string;
  lastTransitionTime: string;
}

/** What other builders need to know about a node: its name, OS and addresses. */
export interface NodeRef {
  name: string;
  os: 'linux' | 'windows';
  ip: string;
  podCidrOctet: number;
  pool: string;
  windows?: WindowsVersion;
  /** When the node joined (DaemonSet pods on it cannot be older). */
  created: string;
}

const SIZES = {
  Standard_D4s_v3: { cpu: '4', memoryKi: 16_375_080, allocCpu: '3860m', allocMemoryKi: 12_880_168 },
  Standard_D8s_v3: { cpu: '8', memoryKi: 32_873_660, allocCpu: '7820m', allocMemoryKi: 28_247_228 },
  Standard_D2s_v3: { cpu: '2', memoryKi: 8_129_820, allocCpu: '1900m', allocMemoryKi: 5_422_876 },
} as const;

/** The AKS node name: `aks-<pool>-<vmss id>-vmss<6 digits>` for Linux, `<first 6 of pool><6 digits>` for Windows. */
export function nodeName(input: Pick<NodeInput, 'pool' | 'index' | 'os'>): string {
  const n = String(input.index).padStart(6, '0');
  return input.os === 'windows' ? `aks${input.pool.slice(0, 6)}${n}` : `aks-${input.pool}-31415926-vmss${n}`;
}

export function nodeRef(input: NodeInput): NodeRef {
  return {
    name: nodeName(input),
    os: input.os ?? 'linux',
    ip: `10.224.0.${input.ipOctet}`,
    podCidrOctet: input.podCidrOctet,
    pool: input.pool,
    ...(input.windows ? { windows: input.windows } : {}),
    created: input.created ?? CLUSTER.nodesCreated,
  };
}

function healthyConditions(os: 'linux' | 'windows', heartbeat: string, since: string): NodeCondition[] {
  const c = (type: string, status: string, reason: string, message: string): NodeCondition => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: since,
  });
  // AKS runs Node Problem Detector on Linux nodes; its conditions sit beside the kubelet's.
  const npd =
    os === 'linux'
      ? [
          c(
            'FrequentContainerdRestart',
            'False',
            'NoFrequentContainerdRestart',
            'containerd is functioning properly',
          ),
          c('KernelDeadlock', 'False', 'KernelHasNoDeadlock', 'kernel has no deadlock'),
          c('ReadonlyFilesystem', 'False', 'FilesystemIsNotReadOnly', 'Filesystem is not read-only'),
          c('FrequentKubeletRestart', 'False', 'NoFrequentKubeletRestart', 'kubelet is functioning properly'),
          c('VMEventScheduled', 'False', 'NoVMEventScheduled', 'VM has no scheduled event'),
        ]
      : [];
  return [
    ...npd,
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

/** A core/v1 Node exactly as `kubectl get node -o yaml` prints an AKS node (managedFields omitted). */
export function buildNode(input: NodeInput, resourceVersion: string, newest: string): KubeObject {
  const os = input.os ?? 'linux';
  const ref = nodeRef(input);
  const name = ref.name;
  const vmSize = input.vmSize ?? 'Standard_D4s_v3';
  const size = SIZES[vmSize];
  const zone = `${CLUSTER.region}-${input.zone ?? (input.index % 3) + 1}`;
  const win = input.windows ? WINDOWS[input.windows] : undefined;
  const created = input.created ?? CLUSTER.nodesCreated;
  const heartbeat = input.heartbeat ?? plus(newest, -17);
  const imageVersion =
    input.nodeImageVersion ?? (win ? win.image : 'AKSUbuntu-2204gen2containerd-202502.09.0');
  const version = input.kubernetesVersion ?? CLUSTER.kubernetesVersion;
  const labels: Record<string, string> = {
    agentpool: input.pool,
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/instance-type': vmSize,
    'beta.kubernetes.io/os': os,
    'failure-domain.beta.kubernetes.io/region': CLUSTER.region,
    'failure-domain.beta.kubernetes.io/zone': zone,
    'kubernetes.azure.com/agentpool': input.pool,
    'kubernetes.azure.com/cluster': CLUSTER.nodeResourceGroup,
    'kubernetes.azure.com/kubelet-identity-client-id': CLUSTER.kubeletIdentityClientId,
    'kubernetes.azure.com/mode': (input.mode ?? 'User').toLowerCase(),
    'kubernetes.azure.com/node-image-version': imageVersion,
    'kubernetes.azure.com/nodepool-type': 'VirtualMachineScaleSets',
    'kubernetes.azure.com/os-sku': win ? win.osSku : 'Ubuntu',
    'kubernetes.azure.com/role': 'agent',
    'kubernetes.azure.com/storageprofile': 'managed',
    'kubernetes.azure.com/storagetier': 'Premium_LRS',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': os,
    'kubernetes.io/role': 'agent',
    'node-role.kubernetes.io/agent': '',
    'node.kubernetes.io/instance-type': vmSize,
    ...(win ? { 'node.kubernetes.io/windows-build': win.build } : {}),
    storageprofile: 'managed',
    storagetier: 'Premium_LRS',
    'topology.disk.csi.azure.com/zone': zone,
    'topology.kubernetes.io/region': CLUSTER.region,
    'topology.kubernetes.io/zone': zone,
    ...input.extraLabels,
  };
  const conditions = healthyConditions(os, heartbeat, created).map((c) => ({
    ...c,
    ...input.conditions?.[c.type],
  }));
  const vmss = os === 'windows' ? name.replace(/\d{6}$/, '') : `aks-${input.pool}-31415926-vmss`;
  const taints = input.taints?.map((t) => ({
    effect: t.effect,
    key: t.key,
    ...(t.timeAdded ? { timeAdded: t.timeAdded } : {}),
    ...(t.value ? { value: t.value } : {}),
  }));
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations: {
        'csi.volume.kubernetes.io/nodeid': JSON.stringify({
          'disk.csi.azure.com': name,
          'file.csi.azure.com': name,
        }),
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      creationTimestamp: created,
      labels,
      name,
      resourceVersion,
      uid: uidFor(`node:${name}`),
    },
    spec: {
      podCIDR: `10.244.${input.podCidrOctet}.0/24`,
      podCIDRs: [`10.244.${input.podCidrOctet}.0/24`],
      providerID: `azure:///subscriptions/${CLUSTER.subscription}/resourceGroups/${CLUSTER.nodeResourceGroup.toLowerCase()}/providers/Microsoft.Compute/virtualMachineScaleSets/${vmss}/virtualMachines/${input.index}`,
      ...(taints?.length ? { taints } : {}),
      ...(input.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      addresses: [
        { address: ref.ip, type: 'InternalIP' },
        { address: name, type: 'Hostname' },
      ],
      allocatable: {
        cpu: size.allocCpu,
        'ephemeral-storage': os === 'windows' ? '133003395551' : '119703055367',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${os === 'windows' ? size.allocMemoryKi - 1_048_576 : size.allocMemoryKi}Ki`,
        pods: os === 'windows' ? '30' : '110',
      },
      capacity: {
        cpu: size.cpu,
        'ephemeral-storage': os === 'windows' ? '136237052Ki' : '129886128Ki',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${size.memoryKi}Ki`,
        pods: os === 'windows' ? '30' : '110',
      },
      conditions,
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: nodeImages(os, input.windows),
      nodeInfo: {
        architecture: 'amd64',
        bootID: os === 'windows' ? '' : uidFor(`boot:${name}`),
        containerRuntimeVersion: os === 'windows' ? 'containerd://1.7.20+azure' : 'containerd://1.7.25-1',
        kernelVersion: win ? win.kernel : '5.15.0-1079-azure',
        kubeProxyVersion: version,
        kubeletVersion: version,
        machineID: os === 'windows' ? name.toUpperCase() : hexFor(`machine:${name}`, 32),
        operatingSystem: os,
        osImage: win ? win.osImage : 'Ubuntu 22.04.5 LTS',
        systemUUID: uidFor(`system:${name}`),
      },
    },
  };
}

function nodeImages(
  os: 'linux' | 'windows',
  windows?: WindowsVersion,
): { names: string[]; sizeBytes: number }[] {
  const img = (ref: string, sizeBytes: number) => ({
    names: [`${ref.split(':')[0]}@sha256:${hexFor(`img:${ref}`, 64)}`, ref],
    sizeBytes,
  });
  if (os === 'windows') {
    const ltsc = windows === '2019' ? 'ltsc2019' : 'ltsc2022';
    return [
      img(`mcr.microsoft.com/windows/servercore:${ltsc}`, 2_297_448_651),
      img('mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0', 7_390),
      img(`mcr.microsoft.com/oss/kubernetes/pause:3.6-windows-${ltsc}-amd64`, 125_883_145),
    ];
  }
  return [
    img('mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.25', 171_340_221),
    img('mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.30.9', 31_822_407),
    img('mcr.microsoft.com/containernetworking/azure-cns:v1.6.21', 81_297_116),
    img('mcr.microsoft.com/oss/kubernetes-csi/azuredisk-csi:v1.31.2', 72_456_380),
    img('mcr.microsoft.com/oss/kubernetes/coredns:v1.11.3-5', 18_221_437),
    img('mcr.microsoft.com/oss/kubernetes/pause:3.6', 299_514),
  ];
}

/** The well-known AKS system image tags used by baseline pods. */
export const SYSTEM_IMAGES = {
  kubeProxy: 'mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.30.9',
  cns: 'mcr.microsoft.com/containernetworking/azure-cns:v1.6.21',
  ipMasq: 'mcr.microsoft.com/aks/ip-masq-agent-v2:v0.1.15',
  cloudNodeManager: 'mcr.microsoft.com/oss/kubernetes/azure-cloud-node-manager:v1.30.8',
  azureDisk: 'mcr.microsoft.com/oss/kubernetes-csi/azuredisk-csi:v1.31.2',
  amaLogs: 'mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.25',
  amaLogsWin: 'mcr.microsoft.com/azuremonitor/containerinsights/ciprod:win-3.1.25',
  coredns: 'mcr.microsoft.com/oss/kubernetes/coredns:v1.11.3-5',
  corednsAutoscaler: 'mcr.microsoft.com/oss/kubernetes/autoscaler/cluster-proportional-autoscaler:v1.8.11',
  metricsServer: 'mcr.microsoft.com/oss/kubernetes/metrics-server:v0.7.2',
  konnectivity: 'mcr.microsoft.com/oss/kubernetes/apiserver-network-proxy/agent:v0.30.3-hotfix.20240819',
} as const;
