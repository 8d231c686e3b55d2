import { CLUSTER, plus } from './cluster.js';
import { uidFor } from './ids.js';
import { type NodeInput, type NodeRef, SYSTEM_IMAGES, buildNode, nodeRef } from './nodes.js';
import { buildConfigMap, buildNamespace, buildService } from './objects.js';
import type { ContainerInput, PodInput, TemplateInput } from './pods.js';
import type { ScenarioBuilder } from './scenario.js';
import { addBaselineMetrics } from './metrics.js';
import { ADDON, LINUX, linuxDaemonSets, SYSTEM_TOLERATION, windowsDaemonSets } from './system-daemonsets.js';
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
