import { SYSTEM_IMAGES } from './nodes.js';
import type { ContainerInput, TemplateInput } from './pods.js';

export const SYSTEM_TOLERATION = [{ key: 'CriticalAddonsOnly', operator: 'Exists' }];
export const LINUX = { 'kubernetes.io/os': 'linux' };
export const WINDOWS = { 'kubernetes.io/os': 'windows' };
export const ADDON = { 'addonmanager.kubernetes.io/mode': 'Reconcile' };

function ds(
  name: string,
  labels: Record<string, string>,
  containers: ContainerInput[],
  extra: Partial<TemplateInput> = {},
): TemplateInput & { name: string } {
  return { name, labels, containers, priorityClassName: 'system-node-critical', ...extra };
}

/** The kube-system DaemonSets AKS runs on every Linux node. */
export const linuxDaemonSets = [
  ds(
    'kube-proxy',
    { component: 'kube-proxy', tier: 'node' },
    [
      {
        name: 'kube-proxy',
        image: SYSTEM_IMAGES.kubeProxy,
        command: [
          'kube-proxy',
          '--conntrack-max-per-core=0',
          '--metrics-bind-address=0.0.0.0:10249',
          '--cluster-cidr=10.244.0.0/16',
          '--detect-local-mode=ClusterCIDR',
          '--v=3',
        ],
        resources: { requests: { cpu: '100m' } },
        securityContext: { privileged: true },
      },
    ],
    { hostNetwork: true, nodeSelector: LINUX },
  ),
  ds(
    'azure-cns',
    { 'k8s-app': 'azure-cns' },
    [
      {
        name: 'cns-container',
        image: SYSTEM_IMAGES.cns,
        args: ['-c', 'tcp://$(CNSIpAddress):$(CNSPort)', '-t', '$(CNSLogTarget)', '-o', '$(CNSLogDir)'],
        ports: [{ containerPort: 10090, hostPort: 10090, name: 'api' }],
        resources: { limits: { cpu: '40m', memory: '250Mi' }, requests: { cpu: '40m', memory: '250Mi' } },
      },
    ],
    { hostNetwork: true, nodeSelector: LINUX, serviceAccountName: 'azure-cns' },
  ),
  ds(
    'azure-ip-masq-agent',
    { 'k8s-app': 'azure-ip-masq-agent', tier: 'node' },
    [
      {
        name: 'azure-ip-masq-agent',
        image: SYSTEM_IMAGES.ipMasq,
        args: ['--v=2', '--resync-interval=60'],
        resources: { limits: { cpu: '500m', memory: '250Mi' }, requests: { cpu: '10m', memory: '50Mi' } },
        securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
      },
    ],
    { hostNetwork: true, nodeSelector: LINUX },
  ),
  ds(
    'cloud-node-manager',
    { component: 'cloud-node-manager', 'k8s-app': 'cloud-node-manager' },
    [
      {
        name: 'cloud-node-manager',
        image: SYSTEM_IMAGES.cloudNodeManager,
        command: [
          'cloud-node-manager',
          '--node-name=$(NODE_NAME)',
          '--enable-deprecated-beta-topology-labels=true',
          '--v=2',
        ],
        resources: { limits: { cpu: '2', memory: '512Mi' }, requests: { cpu: '50m', memory: '50Mi' } },
      },
    ],
    { hostNetwork: true, nodeSelector: LINUX, serviceAccountName: 'cloud-node-manager' },
  ),
  ds(
    'csi-azuredisk-node',
    { app: 'csi-azuredisk-node' },
    [
      {
        name: 'liveness-probe',
        image: 'mcr.microsoft.com/oss/kubernetes-csi/livenessprobe:v2.14.0',
        args: [
          '--csi-address=/csi/csi.sock',
          '--probe-timeout=3s',
          '--http-endpoint=localhost:29603',
          '--v=2',
        ],
        resources: { limits: { memory: '100Mi' }, requests: { cpu: '10m', memory: '20Mi' } },
      },
      {
        name: 'node-driver-registrar',
        image: 'mcr.microsoft.com/oss/kubernetes-csi/csi-node-driver-registrar:v2.12.0',
        args: ['--csi-address=$(ADDRESS)', '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)', '--v=2'],
        resources: { limits: { memory: '100Mi' }, requests: { cpu: '10m', memory: '20Mi' } },
      },
      {
        name: 'azuredisk',
        image: SYSTEM_IMAGES.azureDisk,
        args: [
          '--v=5',
          '--endpoint=$(CSI_ENDPOINT)',
          '--nodeid=$(KUBE_NODE_NAME)',
          '--enable-perf-optimization=true',
        ],
        resources: { limits: { memory: '1000Mi' }, requests: { cpu: '10m', memory: '20Mi' } },
        securityContext: { privileged: true },
      },
    ],
    { hostNetwork: true, nodeSelector: LINUX, serviceAccountName: 'csi-azuredisk-node-sa' },
  ),
  ds(
    'ama-logs',
    { component: 'ama-logs-agent', dsName: 'ama-logs-ds', tier: 'node' },
    [
      {
        name: 'ama-logs',
        image: SYSTEM_IMAGES.amaLogs,
        resources: { limits: { cpu: '500m', memory: '750Mi' }, requests: { cpu: '75m', memory: '325Mi' } },
        securityContext: { privileged: true },
      },
      {
        name: 'ama-logs-prometheus',
        image: SYSTEM_IMAGES.amaLogs,
        resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '75m', memory: '225Mi' } },
      },
    ],
    { nodeSelector: LINUX, serviceAccountName: 'ama-logs' },
  ),
];

/** The kube-system DaemonSets AKS runs on every Windows node. */
export const windowsDaemonSets = [
  ds(
    'cloud-node-manager-windows',
    { component: 'cloud-node-manager-windows', 'k8s-app': 'cloud-node-manager-windows' },
    [
      {
        name: 'cloud-node-manager',
        image: `${SYSTEM_IMAGES.cloudNodeManager}-windows-hpc`,
        command: ['cloud-node-manager.exe', '--node-name=$(NODE_NAME)', '--v=2'],
        resources: { limits: { cpu: '2', memory: '512Mi' }, requests: { cpu: '50m', memory: '50Mi' } },
      },
    ],
    {
      hostNetwork: true,
      nodeSelector: WINDOWS,
      securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
    },
  ),
  ds(
    'csi-azuredisk-node-win',
    { app: 'csi-azuredisk-node-win' },
    [
      {
        name: 'azuredisk',
        image: SYSTEM_IMAGES.azureDisk,
        args: ['--v=5', '--endpoint=$(CSI_ENDPOINT)', '--nodeid=$(KUBE_NODE_NAME)'],
        resources: { limits: { memory: '2Gi' }, requests: { cpu: '10m', memory: '40Mi' } },
      },
    ],
    {
      hostNetwork: true,
      nodeSelector: WINDOWS,
      securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
    },
  ),
  ds(
    'ama-logs-windows',
    { component: 'ama-logs-agent-windows', dsName: 'ama-logs-windows', tier: 'node-win' },
    [
      {
        name: 'ama-logs-windows',
        image: SYSTEM_IMAGES.amaLogsWin,
        resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '75m', memory: '325Mi' } },
      },
    ],
    { nodeSelector: WINDOWS, serviceAccountName: 'ama-logs' },
  ),
];
