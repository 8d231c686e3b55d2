import { addAksBaseline } from '../scenario-kit/baseline.js';
import { setNodeMetrics, setPodMetrics } from '../scenario-kit/metrics.js';
import { at, plus } from '../scenario-kit/cluster.js';
import type { NodeRef } from '../scenario-kit/nodes.js';
import {
  buildEvent,
  buildPdb,
  buildService,
  involve,
  involveNodeAsKubelet,
} from '../scenario-kit/objects.js';
import { podBasics } from '../scenario-kit/pod-events.js';
import { type ScenarioBuilder, createScenario } from '../scenario-kit/scenario.js';
import { nodeService, shopApp, shopService } from '../scenario-kit/shop.js';

type KubeObject = Record<string, unknown>;

const DRAINING = 'aks-userpool-31415926-vmss000000';
const SURGE = 'aks-userpool-31415926-vmss000003';
const SURGE_AT = at('08:01:05');
const CORDON_AT = at('08:05:12');
const TARGET_VERSION = 'v1.31.5';

/**
 * A node-pool upgrade stuck on its first node: the upgrader cordoned aks-userpool-…-vmss000000 and
 * cannot evict web/nginx, a 1-replica Deployment guarded by a PDB with minAvailable 1.
 */
export function buildPdbDrainBlocked(): ScenarioBuilder {
  const s = createScenario('pdb-drain-blocked', at('08:30:00'));
  const base = addAksBaseline(s, {
    namespaces: ['shop', 'web'],
    nodes: [
      { pool: 'nodepool1', index: 0, mode: 'System', ipOctet: 4, podCidrOctet: 0 },
      { pool: 'nodepool1', index: 1, mode: 'System', ipOctet: 5, podCidrOctet: 1 },
      {
        pool: 'userpool',
        index: 0,
        mode: 'User',
        ipOctet: 6,
        podCidrOctet: 2,
        unschedulable: true,
        taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: CORDON_AT }],
      },
      { pool: 'userpool', index: 1, mode: 'User', ipOctet: 7, podCidrOctet: 3 },
      { pool: 'userpool', index: 2, mode: 'User', ipOctet: 8, podCidrOctet: 4 },
      {
        pool: 'userpool',
        index: 3,
        mode: 'User',
        ipOctet: 9,
        podCidrOctet: 5,
        created: SURGE_AT,
        kubernetesVersion: TARGET_VERSION,
        nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202502.26.0',
      },
    ],
  });
  const draining = base.nodes[DRAINING] as NodeRef;
  const [u1, u2] = [
    base.nodes['aks-userpool-31415926-vmss000001'],
    base.nodes['aks-userpool-31415926-vmss000002'],
  ] as [NodeRef, NodeRef];

  const nginx = shopApp(s, {
    name: 'nginx',
    namespace: 'web',
    replicas: 1,
    nodes: [draining],
    rolledOut: '2025-02-11T09:40:27Z',
    container: {
      name: 'nginx',
      image: 'nginx:1.27.4',
      ports: [{ containerPort: 80, name: 'http' }],
      readinessProbe: {
        failureThreshold: 3,
        httpGet: { path: '/', port: 80, scheme: 'HTTP' },
        periodSeconds: 10,
        successThreshold: 1,
        timeoutSeconds: 1,
      },
      resources: { limits: { memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } },
    },
  });
  const storefront = shopApp(s, {
    name: 'storefront',
    replicas: 3,
    nodes: [draining, u1, u2],
    container: nodeService('storefront', 3000),
  });
  const created = '2025-01-14T10:31:52Z';
  s.add(
    'workloads.yaml',
    ...buildService(
      {
        name: 'nginx',
        namespace: 'web',
        clusterIP: '10.0.33.140',
        created: '2025-02-11T09:40:27Z',
        selector: { app: 'nginx' },
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
        backends: nginx.pods,
        zoneOf: base.zoneOf,
      },
      s.rv,
    ),
    buildPdb(
      {
        name: 'nginx-pdb',
        namespace: 'web',
        created: '2025-02-11T09:40:27Z',
        selector: { app: 'nginx' },
        minAvailable: 1,
        pods: nginx.pods,
        expected: 1,
      },
      s.rv,
    ),
    ...shopService(s, base, 'storefront', '10.0.87.201', storefront.pods),
    buildPdb(
      {
        name: 'storefront-pdb',
        namespace: 'shop',
        created,
        selector: { app: 'storefront' },
        maxUnavailable: 1,
        pods: storefront.pods,
        expected: 3,
      },
      s.rv,
    ),
  );
  for (const p of [...nginx.pods, ...storefront.pods]) setPodMetrics(s, p);
  addUpgradeEvents(
    s,
    nginx.pods[0] as KubeObject,
    base.nodeObjects.find((n) => (n.metadata as { name: string }).name === SURGE) as KubeObject,
  );
  const nginxPod = podBasics(nginx.pods[0] as KubeObject);
  s.sim.logs.push({
    pod: `web/${nginxPod.name}`,
    container: 'nginx',
    text: [
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
      '2025/02/11 09:40:31 [notice] 1#1: nginx/1.27.4',
      '2025/02/11 09:40:31 [notice] 1#1: start worker processes',
      ...Array.from(
        { length: 8 },
        (_, k) =>
          `10.224.0.6 - - [04/Mar/2025:08:${10 + k * 2}:0${k} +0000] "GET / HTTP/1.1" 200 615 "-" "kube-probe/1.30"`,
      ),
      '',
    ].join('\n'),
  });
  setNodeMetrics(s);
  return s;
}

function addUpgradeEvents(s: ScenarioBuilder, nginxPod: KubeObject, surge: KubeObject): void {
  const nginx = podBasics(nginxPod);
  const upgrader = { component: 'upgrader' };
  const surgeKubelet = { component: 'kubelet', host: SURGE };
  s.add(
    'events.yaml',
    buildEvent(
      {
        involved: involveNodeAsKubelet(SURGE),
        reason: 'Starting',
        message: 'Starting kubelet.',
        ...surgeKubelet,
        first: plus(SURGE_AT, 2),
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: involveNodeAsKubelet(SURGE),
        reason: 'NodeReady',
        message: `Node ${SURGE} status is now: NodeReady`,
        ...surgeKubelet,
        first: plus(SURGE_AT, 31),
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: involve(surge),
        reason: 'RegisteredNode',
        message: `Node ${SURGE} event: Registered Node ${SURGE} in Controller`,
        component: 'node-controller',
        first: plus(SURGE_AT, 6),
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: { kind: 'Node', name: SURGE, uid: SURGE },
        reason: 'Surge',
        message: `Created a surge node [${SURGE} userpool] for agentpool userpool`,
        ...upgrader,
        first: plus(SURGE_AT, 240),
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: involveNodeAsKubelet(DRAINING),
        reason: 'NodeNotSchedulable',
        message: `Node ${DRAINING} status is now: NodeNotSchedulable`,
        component: 'kubelet',
        host: DRAINING,
        first: plus(CORDON_AT, 1),
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: { kind: 'Node', name: DRAINING, uid: DRAINING },
        reason: 'Drain',
        message: `Draining node: [${DRAINING}]`,
        ...upgrader,
        first: CORDON_AT,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: { kind: 'Node', name: DRAINING, uid: DRAINING },
        type: 'Warning',
        reason: 'Drain',
        message: `Eviction blocked by Too Many Requests (usually a pdb): ${nginx.namespace}/${nginx.name}`,
        ...upgrader,
        first: plus(CORDON_AT, 6),
        last: at('08:29:51'),
        count: 146,
      },
      s.rv,
    ),
  );
}
