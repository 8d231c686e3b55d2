import { CLUSTER, plus } from './cluster.js';
import { hexFor, uidFor } from './ids.js';
import { type NodeInput, type NodeRef, SYSTEM_IMAGES, buildNode, nodeRef } from './nodes.js';
import { buildConfigMap, buildNamespace, buildService } from './objects.js';
import type { ContainerInput, PodInput, TemplateInput } from './pods.js';
import type { ScenarioBuilder } from './scenario.js';
import { type Built, buildDaemonSet, buildDeployment } from './workloads.js';

type KubeObject = Record<string, unknown>;

/** The Corefile AKS ships in the `coredns` ConfigMap (customisations go to `coredns-custom`). */
export const AKS_COREFILE = `.:53 {
    errors
    ready
    health {
      lameduck 5s
    }
    kubernetes cluster.local in-addr.arpa ip6.arpa {
      pods insecure
      fallthrough in-addr.arpa ip6.arpa
      ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
    import custom/*.override
}
import custom/*.server
`;

export interface BaselineInput {
  nodes: NodeInput[];
  /** Application namespaces besides default, kube-system, kube-public and kube-node-lease. */
  namespaces: string[];
  /** Data of the coredns-custom ConfigMap (AKS creates it empty). */
  corednsCustom?: Record<string, string>;
  /** Nodes whose kubelet stopped reporting: their pods are marked not ready at this time. */
  lostNodes?: Record<string, string>;
}

/** What scenarios build on: the nodes by name and the system pods that matter to playbooks. */
export interface Baseline {
  nodes: Record<string, NodeRef>;
  linux: NodeRef[];
  windows: NodeRef[];
  nodeObjects: KubeObject[];
  coredns: Built;
  zoneOf(node: string): string;
}

const SYSTEM_TOLERATION = [{ key: 'CriticalAddonsOnly', operator: 'Exists' }];
const LINUX = { 'kubernetes.io/os': 'linux' };
const WINDOWS = { 'kubernetes.io/os': 'windows' };
const ADDON = { 'addonmanager.kubernetes.io/mode': 'Reconcile' };

function ds(
  name: string,
  labels: Record<string, string>,
  containers: ContainerInput[],
  extra: Partial<TemplateInput> = {},
): TemplateInput & { name: string } {
  return { name, labels, containers, priorityClassName: 'system-node-critical', ...extra };
}

const linuxDaemonSets = [
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

const windowsDaemonSets = [
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

/**
 * Adds the AKS baseline every scenario shares: namespaces, nodes, the kube-system DaemonSets and
 * Deployments with their pods, the kube-dns and kubernetes Services, and the CoreDNS ConfigMaps.
 */
export function addAksBaseline(s: ScenarioBuilder, input: BaselineInput): Baseline {
  const { rv } = s;
  const refs = input.nodes.map(nodeRef);
  const nodes = Object.fromEntries(refs.map((r) => [r.name, r]));
  const linux = refs.filter((r) => r.os === 'linux');
  const windows = refs.filter((r) => r.os === 'windows');
  const system = input.nodes.filter((n) => n.mode === 'System').map(nodeRef);
  const systemNodes = system.length ? system : linux;
  const zones = Object.fromEntries(
    input.nodes.map((n) => [nodeRef(n).name, `${CLUSTER.region}-${n.zone ?? (n.index % 3) + 1}`]),
  );

  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', ...input.namespaces]) {
    s.add(
      'namespaces.yaml',
      buildNamespace(
        ns,
        ns.startsWith('kube-') || ns === 'default'
          ? CLUSTER.clusterCreated
          : plus(CLUSTER.clusterCreated, 86_400 * 3),
        rv,
        ns === 'kube-system' ? ADDON : {},
      ),
    );
  }
  const nodeObjects = input.nodes.map((n) => buildNode(n, rv(), s.newest));
  s.add('nodes.yaml', ...nodeObjects);

  const lost = (node: NodeRef): Partial<PodInput> =>
    input.lostNodes?.[node.name] ? { markedNotReadyAt: input.lostNodes[node.name] } : {};
  const addDs = (t: TemplateInput & { name: string }, on: NodeRef[]) => {
    if (!on.length) return;
    const built = buildDaemonSet(
      {
        name: t.name,
        namespace: 'kube-system',
        created: CLUSTER.nodesCreated,
        template: t,
        labels: { ...t.labels, ...ADDON },
        nodes: on.map((node) => ({
          node,
          ...(t.hostNetwork ? {} : { ip: s.podIp(node) }),
          override: lost(node),
        })),
      },
      rv,
    );
    s.add('kube-system.yaml', ...built.objects);
  };
  for (const t of linuxDaemonSets) addDs(t, linux);
  for (const t of windowsDaemonSets) addDs(t, windows);

  const place = (count: number, offset: number) =>
    Array.from({ length: count }, (_, i) => {
      const node = systemNodes[(i + offset) % systemNodes.length] as NodeRef;
      return { node, ip: s.podIp(node), override: lost(node) };
    });
  const coredns = buildDeployment(
    {
      name: 'coredns',
      namespace: 'kube-system',
      replicas: 2,
      created: CLUSTER.clusterCreated,
      rolledOut: CLUSTER.nodesCreated,
      revision: 4,
      labels: {
        ...ADDON,
        'k8s-app': 'kube-dns',
        'kubernetes.io/cluster-service': 'true',
        'kubernetes.io/name': 'CoreDNS',
        version: 'v20',
      },
      template: {
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.azure.com/managedby': 'aks', version: 'v20' },
        containers: [
          {
            name: 'coredns',
            image: SYSTEM_IMAGES.coredns,
            args: ['-conf', '/etc/coredns/Corefile'],
            ports: [
              { containerPort: 53, name: 'dns', protocol: 'UDP' },
              { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
              { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
            ],
            resources: { limits: { memory: '500Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
            livenessProbe: {
              failureThreshold: 5,
              httpGet: { path: '/health', port: 8080, scheme: 'HTTP' },
              initialDelaySeconds: 60,
              periodSeconds: 10,
              successThreshold: 1,
              timeoutSeconds: 5,
            },
            readinessProbe: {
              failureThreshold: 3,
              httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' },
              periodSeconds: 10,
              successThreshold: 1,
              timeoutSeconds: 1,
            },
            volumeMounts: [
              { mountPath: '/etc/coredns', name: 'config-volume', readOnly: true },
              { mountPath: '/etc/coredns/custom', name: 'custom-config-volume', readOnly: true },
            ],
          },
        ],
        dnsPolicy: 'Default',
        nodeSelector: LINUX,
        priorityClassName: 'system-node-critical',
        serviceAccountName: 'coredns',
        tolerations: SYSTEM_TOLERATION,
        volumes: [
          {
            configMap: { defaultMode: 420, items: [{ key: 'Corefile', path: 'Corefile' }], name: 'coredns' },
            name: 'config-volume',
          },
          {
            configMap: { defaultMode: 420, name: 'coredns-custom', optional: true },
            name: 'custom-config-volume',
          },
        ],
      },
      pods: place(2, 0),
    },
    rv,
  );
  s.add('kube-system.yaml', ...coredns.objects);
  const simpleDeployment = (
    name: string,
    replicas: number,
    labels: Record<string, string>,
    containers: ContainerInput[],
    offset: number,
  ) =>
    buildDeployment(
      {
        name,
        namespace: 'kube-system',
        replicas,
        created: CLUSTER.clusterCreated,
        rolledOut: CLUSTER.nodesCreated,
        revision: 3,
        labels: { ...ADDON, ...labels },
        template: {
          labels,
          containers,
          nodeSelector: LINUX,
          priorityClassName: 'system-cluster-critical',
          tolerations: SYSTEM_TOLERATION,
        },
        pods: place(replicas, offset),
      },
      rv,
    );
  for (const built of [
    simpleDeployment(
      'coredns-autoscaler',
      1,
      { 'k8s-app': 'coredns-autoscaler' },
      [
        {
          name: 'autoscaler',
          image: SYSTEM_IMAGES.corednsAutoscaler,
          command: [
            '/cluster-proportional-autoscaler',
            '--namespace=kube-system',
            '--configmap=coredns-autoscaler',
            '--target=Deployment/coredns',
            '--default-params={"ladder":{"coresToReplicas":[[1,2],[512,3],[1024,4],[2048,5]],"nodesToReplicas":[[1,2],[8,3],[16,4],[32,5]]}}',
            '--logtostderr=true',
            '--v=2',
          ],
          resources: { limits: { cpu: '20m', memory: '500Mi' }, requests: { cpu: '20m', memory: '10Mi' } },
        },
      ],
      1,
    ),
    simpleDeployment(
      'metrics-server',
      2,
      { 'k8s-app': 'metrics-server' },
      [
        {
          name: 'metrics-server',
          image: SYSTEM_IMAGES.metricsServer,
          command: [
            '/metrics-server',
            '--kubelet-insecure-tls',
            '--kubelet-preferred-address-types=InternalIP',
            '--cert-dir=/tmp',
            '--secure-port=4443',
          ],
          ports: [{ containerPort: 4443, name: 'https' }],
          resources: { limits: { cpu: '145m', memory: '405Mi' }, requests: { cpu: '51m', memory: '93Mi' } },
        },
      ],
      0,
    ),
    simpleDeployment(
      'konnectivity-agent',
      2,
      { app: 'konnectivity-agent' },
      [
        {
          name: 'konnectivity-agent',
          image: SYSTEM_IMAGES.konnectivity,
          args: [
            '--logtostderr=true',
            '--ca-cert=/certs/ca.crt',
            `--proxy-server-host=${CLUSTER.name}-dns-4f1a2b3c.hcp.${CLUSTER.region}.azmk8s.io`,
            '--proxy-server-port=443',
            '--agent-identifiers=ipv4=$(AGENT_IP)',
            '--sync-forever=true',
          ],
          resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '20m', memory: '50Mi' } },
        },
      ],
      1,
    ),
    simpleDeployment(
      'ama-logs-rs',
      1,
      { 'ama-logs-agent-rs': 'true', rsName: 'ama-logs-rs' },
      [
        {
          name: 'ama-logs',
          image: SYSTEM_IMAGES.amaLogs,
          resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '150m', memory: '250Mi' } },
        },
      ],
      0,
    ),
  ]) {
    s.add('kube-system.yaml', ...built.objects);
  }

  s.add(
    'kube-system.yaml',
    ...buildService(
      {
        name: 'kube-dns',
        namespace: 'kube-system',
        clusterIP: '10.0.0.10',
        created: CLUSTER.clusterCreated,
        labels: {
          ...ADDON,
          'k8s-app': 'kube-dns',
          'kubernetes.io/cluster-service': 'true',
          'kubernetes.io/name': 'CoreDNS',
        },
        selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
        backends: coredns.pods,
        zoneOf: (n) => zones[n] ?? '',
      },
      rv,
    ),
    buildConfigMap(
      {
        name: 'coredns',
        namespace: 'kube-system',
        created: CLUSTER.clusterCreated,
        labels: { ...ADDON, 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true' },
        data: { Corefile: AKS_COREFILE },
      },
      rv,
    ),
  );
  const custom = buildConfigMap(
    {
      name: 'coredns-custom',
      namespace: 'kube-system',
      created: CLUSTER.clusterCreated,
      labels: { ...ADDON, 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true' },
      data: input.corednsCustom ?? {},
    },
    rv,
  );
  if (!input.corednsCustom) delete custom.data;
  s.add('kube-system.yaml', custom);
  s.add('kube-system.yaml', ...kubernetesService(rv));

  addBaselineMetrics(s);
  return { nodes, linux, windows, nodeObjects, coredns, zoneOf: (n) => zones[n] ?? '' };
}

/** The `default/kubernetes` Service and its Endpoints (the AKS API server's tunnel address). */
function kubernetesService(rv: () => string): KubeObject[] {
  const metadata = (kind: string) => ({
    creationTimestamp: CLUSTER.clusterCreated,
    labels: {
      component: 'apiserver',
      provider: 'kubernetes',
      ...(kind === 'ep' ? { 'endpointslice.kubernetes.io/skip-mirror': 'true' } : {}),
    },
    name: 'kubernetes',
    namespace: 'default',
    resourceVersion: rv(),
    uid: uidFor(`${kind}:default/kubernetes`),
  });
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata('svc'),
      spec: {
        clusterIP: '10.0.0.1',
        clusterIPs: ['10.0.0.1'],
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 443 }],
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: metadata('ep'),
      subsets: [
        { addresses: [{ ip: '20.31.152.7' }], ports: [{ name: 'https', port: 443, protocol: 'TCP' }] },
      ],
    },
  ];
}

/** Quiet, plausible metrics for every running container and node; scenarios override the ones that matter. */
function addBaselineMetrics(s: ScenarioBuilder): void {
  for (const o of s.files.get('kube-system.yaml') ?? []) {
    if (o.kind !== 'Pod') continue;
    setPodMetrics(s, o);
  }
}

/** Records metrics for a pod's containers from a stable hash of its name, near its requests. */
export function setPodMetrics(
  s: ScenarioBuilder,
  pod: KubeObject,
  usage?: Record<string, { cpu: string; memory: string }>,
): void {
  const meta = pod.metadata as { name: string; namespace: string };
  const status = pod.status as { phase: string };
  if (status.phase !== 'Running') return;
  const key = `${meta.namespace}/${meta.name}`;
  const containers = (
    pod.spec as { containers: { name: string; resources: { requests?: Record<string, string> } }[] }
  ).containers;
  s.sim.metrics.pods[key] =
    usage ??
    Object.fromEntries(
      containers.map((c) => {
        const h = Number.parseInt(hexFor(`m:${key}/${c.name}`, 4), 16);
        const mem = Number.parseInt(c.resources.requests?.memory ?? '40Mi', 10);
        return [
          c.name,
          { cpu: `${1 + (h % 12)}m`, memory: `${Math.max(8, Math.round(mem * (0.4 + (h % 50) / 100)))}Mi` },
        ];
      }),
    );
}

function parseQuantity(q: string): number {
  const n = Number.parseFloat(q);
  if (q.endsWith('m')) return n / 1000;
  if (q.endsWith('Ki')) return n / 1024;
  if (q.endsWith('Mi')) return n;
  if (q.endsWith('Gi')) return n * 1024;
  return n;
}

/** Node usage = the sum of its pods' usage plus the system's own share; call after all pods are added. */
export function setNodeMetrics(
  s: ScenarioBuilder,
  overrides: Record<string, { cpu: string; memory: string }> = {},
): void {
  const pods = [...s.files.values()].flat().filter((o) => o.kind === 'Pod');
  for (const node of (s.files.get('nodes.yaml') ?? []).map((n) => (n.metadata as { name: string }).name)) {
    let cpu = 0.12;
    let mem = 1180;
    for (const p of pods) {
      if ((p.spec as { nodeName?: string }).nodeName !== node) continue;
      const m = p.metadata as { namespace: string; name: string };
      for (const u of Object.values(s.sim.metrics.pods[`${m.namespace}/${m.name}`] ?? {})) {
        cpu += parseQuantity(u.cpu);
        mem += parseQuantity(u.memory);
      }
    }
    s.sim.metrics.nodes[node] = overrides[node] ?? {
      cpu: `${Math.round(cpu * 1000)}m`,
      memory: `${Math.round(mem)}Mi`,
    };
  }
}
