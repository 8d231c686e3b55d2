import { addAksBaseline } from '../scenario-kit/baseline.js';
import { setNodeMetrics, setPodMetrics } from '../scenario-kit/metrics.js';
import { at, plus } from '../scenario-kit/cluster.js';
import type { NodeRef } from '../scenario-kit/nodes.js';
import { buildEvent, involve, involveNodeAsKubelet } from '../scenario-kit/objects.js';
import { addStartEvents, podBasics } from '../scenario-kit/pod-events.js';
import type { PodInput } from '../scenario-kit/pods.js';
import { type ScenarioBuilder, createScenario } from '../scenario-kit/scenario.js';
import { nodeService, shopApp, shopService } from '../scenario-kit/shop.js';
import { buildDaemonSet } from '../scenario-kit/workloads.js';

type KubeObject = Record<string, unknown>;

const NODE = 'aks-nodepool1-31415926-vmss000002';
const PRESSURE_AT = at('07:48:10');
/** AKS default eviction-hard nodefs.available<10% of the 129886128Ki OS disk. */
const THRESHOLD = '12988612Ki';

const evictionMessage = (container: string, usingKi: number, availableKi: number) =>
  `The node was low on resource: ephemeral-storage. Threshold quantity: ${THRESHOLD}, available: ${availableKi}Ki. Container ${container} was using ${usingKi}Ki, request is 0, has larger consumption of ephemeral-storage. `;

/**
 * DiskPressure on one node: a log-shipper DaemonSet's disk buffer on a hostPath grows without bound
 * while its sink is down. The kubelet evicts pods and tries image garbage collection, but every image is
 * in use and hostPath data is not the kubelet's to reclaim, so nothing frees.
 */
export function buildNodeDiskPressure(): ScenarioBuilder {
  const s = createScenario('node-disk-pressure', at('08:30:00'));
  const base = addAksBaseline(s, {
    namespaces: ['shop', 'logging'],
    nodes: [0, 1, 2].map((index) => ({
      pool: 'nodepool1',
      index,
      mode: 'System' as const,
      ipOctet: 4 + index,
      podCidrOctet: index,
      ...(index === 2
        ? {
            conditions: {
              DiskPressure: {
                status: 'True',
                reason: 'KubeletHasDiskPressure',
                message: 'kubelet has disk pressure',
                lastTransitionTime: PRESSURE_AT,
              },
            },
            taints: [
              {
                key: 'node.kubernetes.io/disk-pressure',
                effect: 'NoSchedule',
                timeAdded: plus(PRESSURE_AT, 5),
              },
            ],
          }
        : {}),
    })),
  });
  const [n0, n1, n2] = base.linux as [NodeRef, NodeRef, NodeRef];

  const vector = buildDaemonSet(
    {
      name: 'vector-agent',
      namespace: 'logging',
      created: '2025-02-20T11:04:31Z',
      template: {
        labels: { 'app.kubernetes.io/instance': 'vector', 'app.kubernetes.io/name': 'vector-agent' },
        serviceAccountName: 'vector-agent',
        containers: [
          {
            name: 'vector',
            image: 'timberio/vector:0.43.1-debian',
            args: ['--config-dir', '/etc/vector/'],
            resources: { limits: { memory: '1Gi' }, requests: { cpu: '100m', memory: '256Mi' } },
            volumeMounts: [
              { name: 'data', mountPath: '/var/lib/vector' },
              { name: 'var-log', mountPath: '/var/log', readOnly: true },
              { name: 'config', mountPath: '/etc/vector', readOnly: true },
            ],
          },
        ],
        volumes: [
          { hostPath: { path: '/var/lib/vector', type: '' }, name: 'data' },
          { hostPath: { path: '/var/log', type: '' }, name: 'var-log' },
          { configMap: { defaultMode: 420, name: 'vector-agent' }, name: 'config' },
        ],
      },
      nodes: [n0, n1, n2].map((node) => ({ node, ip: s.podIp(node) })),
    },
    s.rv,
  );
  s.add('workloads.yaml', ...vector.objects);

  const evicted = (
    container: string,
    usingKi: number,
    availableKi: number,
    when: string,
    started: string,
  ): Partial<PodInput> => ({
    node: n2,
    phase: 'Failed',
    reason: 'Evicted',
    message: evictionMessage(container, usingKi, availableKi),
    extraConditions: [
      {
        lastProbeTime: null,
        lastTransitionTime: when,
        message: evictionMessage(container, usingKi, availableKi),
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
  const catalog = shopApp(s, {
    name: 'catalog-service',
    replicas: 2,
    instances: 3,
    nodes: [n2, n0, n1],
    container: nodeService('catalog-service', 3000),
    pods: {
      0: evicted('catalog-service', 812_344, 12_112_400, at('07:52:40'), '2025-03-03T16:20:11Z'),
      2: { created: at('07:52:41') },
    },
  });
  const resizer = shopApp(s, {
    name: 'image-resizer',
    replicas: 1,
    instances: 2,
    nodes: [n2, n1],
    container: nodeService('image-resizer', 8080, {
      volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
    }),
    pods: {
      0: evicted('image-resizer', 3_251_880, 11_904_216, at('08:05:02'), '2025-03-03T16:20:14Z'),
      1: { created: at('08:05:03') },
    },
  });
  const storefront = shopApp(s, {
    name: 'storefront',
    replicas: 2,
    nodes: [n0, n2],
    container: nodeService('storefront', 3000),
  });
  s.add(
    'workloads.yaml',
    ...shopService(s, base, 'storefront', '10.0.87.201', storefront.pods),
    ...shopService(s, base, 'catalog-service', '10.0.61.94', catalog.pods),
  );
  for (const p of [...vector.pods, ...catalog.pods, ...resizer.pods, ...storefront.pods]) setPodMetrics(s, p);
  addEvents(s, [catalog.pods[0], resizer.pods[0]] as KubeObject[]);
  addStartEvents(s, catalog.pods[2] as KubeObject, at('07:52:41'));
  addStartEvents(s, resizer.pods[1] as KubeObject, at('08:05:03'));
  addVectorRules(s, vector.pods.find((p) => podBasics(p).node === NODE) as KubeObject);
  setNodeMetrics(s);
  return s;
}

function addEvents(s: ScenarioBuilder, evictedPods: KubeObject[]): void {
  const node = involveNodeAsKubelet(NODE);
  const kubelet = { component: 'kubelet', host: NODE };
  const gcFailed =
    'failed to garbage collect required amount of images. Attempted to free 21474836480 bytes, but only found 0 bytes eligible to free';
  s.add(
    'events.yaml',
    buildEvent(
      {
        involved: node,
        reason: 'NodeHasDiskPressure',
        message: `Node ${NODE} status is now: NodeHasDiskPressure`,
        ...kubelet,
        first: PRESSURE_AT,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: node,
        type: 'Warning',
        reason: 'EvictionThresholdMet',
        message: 'Attempting to reclaim ephemeral-storage',
        ...kubelet,
        first: PRESSURE_AT,
        last: at('08:29:10'),
        count: 9,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: node,
        type: 'Warning',
        reason: 'FreeDiskSpaceFailed',
        message: gcFailed,
        ...kubelet,
        first: at('07:48:15'),
        last: at('08:28:15'),
        count: 9,
      },
      s.rv,
    ),
    buildEvent(
      {
        involved: node,
        type: 'Warning',
        reason: 'ImageGCFailed',
        message: gcFailed,
        ...kubelet,
        first: at('07:48:15'),
        last: at('08:28:15'),
        count: 9,
      },
      s.rv,
    ),
  );
  for (const pod of evictedPods) {
    const p = podBasics(pod);
    const when = (
      (pod.status as { conditions: { type: string; lastTransitionTime: string }[] }).conditions.find(
        (c) => c.type === 'DisruptionTarget',
      ) as { lastTransitionTime: string }
    ).lastTransitionTime;
    s.add(
      'events.yaml',
      buildEvent(
        {
          involved: involve(pod),
          type: 'Warning',
          reason: 'Evicted',
          message: (pod.status as { message: string }).message,
          ...kubelet,
          first: when,
        },
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
  }
}

function addVectorRules(s: ScenarioBuilder, pod: KubeObject): void {
  const name = `logging/${podBasics(pod).name}`;
  const lines: string[] = [
    '2025-02-27T06:43:02.118Z  INFO vector::app: Log level is enabled. level="info"',
    '2025-02-27T06:43:02.322Z  INFO vector::topology::running: Running healthchecks.',
  ];
  for (let k = 0; k < 24; k++) {
    const t = plus('07:20:04', k * 290).replace('Z', `.${String(100 + k * 37).slice(-3)}Z`);
    lines.push(
      `${t} ERROR sink{component_kind="sink" component_id=elasticsearch component_type=elasticsearch}:request{request_id=${48_112 + k * 17}}: vector::sinks::util::retries: Not retriable; dropping the request. reason="error trying to connect: tcp connect error: Connection refused (os error 111)"`,
    );
    if (k % 6 === 5)
      lines.push(
        `${t.replace(/\.\d{3}Z$/, '.900Z')}  WARN vector::buffers::disk_v2::writer: Disk buffer is ${38 + k} GiB, max_size is 80 GiB.`,
      );
  }
  s.sim.logs.push({ pod: name, container: 'vector', text: `${lines.join('\n')}\n` });
  s.sim.exec.push(
    { match: { pod: name, command: '*du*/var/lib/vector*' }, stdout: '61G\t/var/lib/vector\n', exitCode: 0 },
    {
      match: { pod: name, command: 'df*' },
      stdout:
        'Filesystem      Size  Used Avail Use% Mounted on\noverlay         124G  115G  9.0G  93% /\n/dev/root       124G  115G  9.0G  93% /var/lib/vector\n',
      exitCode: 0,
    },
  );
}
