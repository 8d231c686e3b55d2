import { addAksBaseline } from '../scenario-kit/baseline.js';
import { setNodeMetrics, setPodMetrics } from '../scenario-kit/metrics.js';
import { at, plus } from '../scenario-kit/cluster.js';
import type { NodeInput, NodeRef } from '../scenario-kit/nodes.js';
import { buildEvent, involve, involveNodeAsKubelet } from '../scenario-kit/objects.js';
import { addStartEvents, podBasics } from '../scenario-kit/pod-events.js';
import type { ContainerInput, PodInput, Terminated } from '../scenario-kit/pods.js';
import { type ScenarioBuilder, createScenario } from '../scenario-kit/scenario.js';
import { nodeService, shopApp, shopService } from '../scenario-kit/shop.js';

type KubeObject = Record<string, unknown>;

const LOST = 'aks-userpool-31415926-vmss000001';
const PRESSURE_AT = at('08:00:31');
const LAST_HEARTBEAT = at('08:16:02');
const UNKNOWN_AT = at('08:16:44');
const TAINT_EVICTION_AT = at('08:21:49');

const unknown = {
  status: 'Unknown',
  reason: 'NodeStatusUnknown',
  message: 'Kubelet stopped posting node status.',
  lastHeartbeatTime: LAST_HEARTBEAT,
  lastTransitionTime: UNKNOWN_AT,
};

/** The user-pool node that ran out of memory and stopped reporting. */
const lostNode: NodeInput = {
  pool: 'userpool',
  index: 1,
  mode: 'User',
  ipOctet: 7,
  podCidrOctet: 3,
  heartbeat: plus(LAST_HEARTBEAT, -4),
  conditions: { Ready: unknown, MemoryPressure: unknown, DiskPressure: unknown, PIDPressure: unknown },
  taints: [
    { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: UNKNOWN_AT },
    { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: plus(UNKNOWN_AT, 5) },
  ],
};

function oom(startedAt: string, finishedAt: string): Terminated {
  return { exitCode: 137, reason: 'OOMKilled', startedAt, finishedAt };
}

/**
 * A node NotReady after memory pressure: reports-worker (request 512Mi, limit 4Gi, the JVM sized to the
 * limit) grew on a user node until the kernel OOM-killed it six times, the kubelet evicted neighbours, and
 * the kubelet stopped posting status.
 */
export function buildNodeNotReadyMemory(): ScenarioBuilder {
  const s = createScenario('node-notready-memory', at('08:30:00'));
  const base = addAksBaseline(s, {
    namespaces: ['shop', 'reporting'],
    lostNodes: { [LOST]: UNKNOWN_AT },
    nodes: [
      { pool: 'nodepool1', index: 0, mode: 'System', ipOctet: 4, podCidrOctet: 0 },
      { pool: 'nodepool1', index: 1, mode: 'System', ipOctet: 5, podCidrOctet: 1 },
      { pool: 'userpool', index: 0, mode: 'User', ipOctet: 6, podCidrOctet: 2 },
      lostNode,
    ],
  });
  const u0 = base.nodes['aks-userpool-31415926-vmss000000'] as NodeRef;
  const u1 = base.nodes[LOST] as NodeRef;
  const onLost: Partial<PodInput> = { markedNotReadyAt: UNKNOWN_AT, deletionTimestamp: TAINT_EVICTION_AT };
  const evictedMessage = (container: string, usingKi: number, request: string, availableKi: number) =>
    `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${availableKi}Ki. Container ${container} was using ${usingKi}Ki, request is ${request}, has larger consumption of memory. `;
  const evicted = (
    container: string,
    usingKi: number,
    availableKi: number,
    when: string,
    started: string,
  ): Partial<PodInput> => ({
    node: u1,
    phase: 'Failed',
    reason: 'Evicted',
    message: evictedMessage(container, usingKi, '256Mi', availableKi),
    extraConditions: [
      {
        lastProbeTime: null,
        lastTransitionTime: when,
        message: evictedMessage(container, usingKi, '256Mi', availableKi),
        reason: 'TerminationByKubelet',
        status: 'True',
        type: 'DisruptionTarget',
      },
    ],
    containers: [
      {
        ...nodeService(container, 3000),
        state: {
          terminated: { exitCode: 137, reason: 'Error', startedAt: started, finishedAt: plus(when, 2) },
        },
        ready: false,
      },
    ],
  });

  const reports = shopApp(s, {
    name: 'reports-worker',
    namespace: 'reporting',
    replicas: 2,
    instances: 3,
    nodes: [u1, u0, u0],
    container: {
      name: 'reports-worker',
      image: 'acrshopprod.azurecr.io/reporting/reports-worker:4.2.0',
      env: [{ name: 'JAVA_TOOL_OPTIONS', value: '-XX:MaxRAMPercentage=90.0 -XX:+ExitOnOutOfMemoryError' }],
      resources: { limits: { cpu: '2', memory: '4Gi' }, requests: { cpu: '250m', memory: '512Mi' } },
    },
    pods: {
      0: {
        ...onLost,
        containers: [
          reportsContainer({
            restartCount: 6,
            lastTerminated: oom(at('08:11:58'), at('08:14:50')),
            state: { running: { startedAt: at('08:15:21') } },
          }),
        ],
      },
      1: {
        containers: [
          reportsContainer({
            restartCount: 3,
            lastTerminated: oom(at('07:49:02'), at('08:08:17')),
            state: { running: { startedAt: at('08:08:34') } },
          }),
        ],
      },
      2: { created: TAINT_EVICTION_AT, started: plus(TAINT_EVICTION_AT, 4) },
    },
  });
  const storefront = shopApp(s, {
    name: 'storefront',
    replicas: 2,
    instances: 3,
    nodes: [u0, u1, u0],
    container: nodeService('storefront', 3000),
    pods: {
      1: evicted('storefront', 498_112, 88_724, at('08:09:20'), '2025-03-03T16:20:09Z'),
      2: { created: plus('08:09:20', 1) },
    },
  });
  const catalog = shopApp(s, {
    name: 'catalog-service',
    replicas: 2,
    instances: 3,
    nodes: [u1, u0, u0],
    container: nodeService('catalog-service', 3000),
    pods: {
      0: evicted('catalog-service', 301_244, 91_408, plus(PRESSURE_AT, 10), '2025-03-03T16:20:11Z'),
      2: { created: plus(PRESSURE_AT, 11) },
    },
  });
  s.add(
    'workloads.yaml',
    ...shopService(s, base, 'storefront', '10.0.87.201', storefront.pods),
    ...shopService(s, base, 'catalog-service', '10.0.61.94', catalog.pods),
  );

  const [reportsLost, reportsU0, reportsNew] = reports.pods as [KubeObject, KubeObject, KubeObject];
  const [, storefrontEvicted, storefrontNew] = storefront.pods as [KubeObject, KubeObject, KubeObject];
  const [catalogEvicted, , catalogNew] = catalog.pods as [KubeObject, KubeObject, KubeObject];
  addNodeEvents(
    s,
    base.nodeObjects.find((n) => (n.metadata as { name: string }).name === LOST) as KubeObject,
  );
  addPodEvents(s, { reportsLost, reportsU0, storefrontEvicted, catalogEvicted });
  addStartEvents(s, catalogNew, plus(PRESSURE_AT, 11));
  addStartEvents(s, storefrontNew, plus('08:09:20', 1));
  addStartEvents(s, reportsNew, TAINT_EVICTION_AT);
  for (const kubeletPod of [...(s.files.get('kube-system.yaml') ?? [])].filter(
    (o) => o.kind === 'Pod' && (o.spec as { nodeName?: string }).nodeName === LOST,
  )) {
    delete s.sim.metrics.pods[`kube-system/${(kubeletPod.metadata as { name: string }).name}`];
  }
  // metrics-server cannot scrape the lost node: no metrics for it or its pods. The survivor shows the pattern.
  for (const p of [...storefront.pods, ...catalog.pods, reportsNew])
    if ((p.spec as { nodeName: string }).nodeName !== LOST) setPodMetrics(s, p);
  setPodMetrics(s, reportsU0, { 'reports-worker': { cpu: '1310m', memory: '3391Mi' } });
  setPodMetrics(s, reportsNew, { 'reports-worker': { cpu: '880m', memory: '1207Mi' } });
  addReportsLogs(s, reportsLost, reportsU0);
  setNodeMetrics(s);
  delete s.sim.metrics.nodes[LOST];
  return s;
}

function reportsContainer(status: Partial<ContainerInput>): ContainerInput {
  return {
    name: 'reports-worker',
    image: 'acrshopprod.azurecr.io/reporting/reports-worker:4.2.0',
    env: [{ name: 'JAVA_TOOL_OPTIONS', value: '-XX:MaxRAMPercentage=90.0 -XX:+ExitOnOutOfMemoryError' }],
    resources: { limits: { cpu: '2', memory: '4Gi' }, requests: { cpu: '250m', memory: '512Mi' } },
    ...status,
  };
}

function addNodeEvents(s: ScenarioBuilder, node: KubeObject): void {
  const kubelet = { component: 'kubelet', host: LOST };
  const asKubelet = involveNodeAsKubelet(LOST);
  s.add(
    'events.yaml',
    buildEvent(
      {
        involved: asKubelet,
        type: 'Warning',
        reason: 'OOMKilling',
        message:
          'Out of memory: Killed process 28114 (java) total-vm:6120344kB, anon-rss:3987660kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:8312kB oom_score_adj:986',
        component: 'kernel-monitor',
        host: LOST,
        first: at('07:41:07'),
        last: at('08:14:50'),
        count: 6,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: asKubelet,
        type: 'Warning',
        reason: 'SystemOOM',
        message: 'System OOM encountered, victim process: java, pid: 28114',
        ...kubelet,
        first: at('07:41:08'),
        last: at('08:14:51'),
        count: 6,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: asKubelet,
        reason: 'NodeHasInsufficientMemory',
        message: `Node ${LOST} status is now: NodeHasInsufficientMemory`,
        ...kubelet,
        first: PRESSURE_AT,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: asKubelet,
        type: 'Warning',
        reason: 'EvictionThresholdMet',
        message: 'Attempting to reclaim memory',
        ...kubelet,
        first: PRESSURE_AT,
        last: at('08:09:12'),
        count: 3,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: involve(node),
        reason: 'NodeNotReady',
        message: `Node ${LOST} status is now: NodeNotReady`,
        component: 'node-controller',
        first: UNKNOWN_AT,
      },
      s.rv,
    ),
  );
}

function addPodEvents(
  s: ScenarioBuilder,
  pods: Record<'reportsLost' | 'reportsU0' | 'storefrontEvicted' | 'catalogEvicted', KubeObject>,
): void {
  const kubelet = { component: 'kubelet', host: LOST };
  const evictedPod = (pod: KubeObject, when: string) => {
    const p = podBasics(pod);
    const message = (pod.status as { message: string }).message;
    s.add(
      'events.yaml',
      buildEvent(
        { involved: involve(pod), type: 'Warning', reason: 'Evicted', message, ...kubelet, first: when },
        s.rv,
      ),
      buildEvent(
        {
          involved: involve(pod, `spec.containers{${p.container}}`),
          reason: 'Killing',
          message: `Stopping container ${p.container}`,
          ...kubelet,
          first: when,
        },
        s.rv,
      ),
    );
  };
  evictedPod(pods.catalogEvicted, plus(PRESSURE_AT, 10));
  evictedPod(pods.storefrontEvicted, at('08:09:20'));
  const lost = podBasics(pods.reportsLost);
  s.add(
    'events.yaml',
    buildEvent(
      {
        involved: involve(pods.reportsLost, 'spec.containers{reports-worker}'),
        type: 'Warning',
        reason: 'BackOff',
        message: `Back-off restarting failed container reports-worker in pod ${lost.name}_reporting(${(pods.reportsLost.metadata as { uid: string }).uid})`,
        ...kubelet,
        first: at('07:41:12'),
        last: at('08:15:05'),
        count: 9,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: involve(pods.reportsLost, 'spec.containers{reports-worker}'),
        reason: 'Pulled',
        message:
          'Container image "acrshopprod.azurecr.io/reporting/reports-worker:4.2.0" already present on machine',
        ...kubelet,
        first: at('07:41:40'),
        last: at('08:15:20'),
        count: 6,
      },
      s.rv,
    ),
  );
  const u0 = podBasics(pods.reportsU0);
  s.add(
    'events.yaml',
    buildEvent(
      {
        involved: involve(pods.reportsU0, 'spec.containers{reports-worker}'),
        type: 'Warning',
        reason: 'BackOff',
        message: `Back-off restarting failed container reports-worker in pod ${u0.name}_reporting(${(pods.reportsU0.metadata as { uid: string }).uid})`,
        component: 'kubelet',
        host: u0.node,
        first: at('07:49:05'),
        last: at('08:08:20'),
        count: 4,
      },
      s.rv,
    ),
  );
  for (const pod of [pods.reportsLost]) {
    const p = podBasics(pod);
    s.add(
      'events.yaml',
      buildEvent(
        {
          involved: involve(pod),
          type: 'Warning',
          reason: 'NodeNotReady',
          message: 'Node is not ready',
          component: 'node-controller',
          first: plus(UNKNOWN_AT, 1),
        },
        s.rv,
      ),
      buildEvent(
        {
          involved: involve(pod),
          reason: 'TaintManagerEviction',
          message: `Marking for deletion Pod ${p.namespace}/${p.name}`,
          component: 'taint-eviction-controller',
          first: TAINT_EVICTION_AT,
        },
        s.rv,
      ),
    );
  }
}

function addReportsLogs(s: ScenarioBuilder, lost: KubeObject, survivor: KubeObject): void {
  const heap = (t: string, gib: string, rows: string) =>
    `${t} INFO  c.c.r.ReportJob - aggregating monthly sales 2025-02: ${rows} orders, buffer ${gib} GiB`;
  for (const [pod, base] of [
    [lost, '08:11:58'],
    [survivor, '07:49:02'],
  ] as const) {
    const name = `reporting/${podBasics(pod).name}`;
    const start = at(base);
    s.sim.logs.push({
      pod: name,
      container: 'reports-worker',
      previous: true,
      text: [
        `${start.replace('Z', '.204Z')} INFO  c.c.r.Application - Starting reports-worker 4.2.0 using Java 21.0.5 with PID 1`,
        `${plus(start, 3).replace('Z', '.877Z')} INFO  c.c.r.Application - JVM max heap 3.60 GiB (MaxRAMPercentage=90.0 of 4.00 GiB limit)`,
        `${plus(start, 9).replace('Z', '.015Z')} INFO  c.c.r.ReportJob - building monthly sales report for 2025-02 (412118 orders)`,
        heap(plus(start, 61).replace('Z', '.331Z'), '1.2', '98000'),
        heap(plus(start, 119).replace('Z', '.902Z'), '2.4', '201000'),
        heap(plus(start, 168).replace('Z', '.540Z'), '3.3', '287000'),
        '',
      ].join('\n'),
    });
  }
  s.sim.logs.push({
    pod: `reporting/${podBasics(survivor).name}`,
    container: 'reports-worker',
    text: [
      `${at('08:08:34').replace('Z', '.118Z')} INFO  c.c.r.Application - Starting reports-worker 4.2.0 using Java 21.0.5 with PID 1`,
      heap(at('08:27:51').replace('Z', '.660Z'), '3.1', '266000'),
      '',
    ].join('\n'),
  });
}
