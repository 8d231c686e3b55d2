import { addAksBaseline } from '../scenario-kit/baseline.js';
import { setNodeMetrics, setPodMetrics } from '../scenario-kit/metrics.js';
import { at, plus } from '../scenario-kit/cluster.js';
import { type Endpoint, igTime, podFacts, tcpEvent } from '../scenario-kit/inspektor-gadget.js';
import type { NodeRef } from '../scenario-kit/nodes.js';
import { buildEvent, buildService, involve } from '../scenario-kit/objects.js';
import { type ScenarioBuilder, createScenario } from '../scenario-kit/scenario.js';
import { addStartEvents } from '../scenario-kit/pod-events.js';
import { nodeService, shopApp, shopService } from '../scenario-kit/shop.js';

type KubeObject = Record<string, unknown>;

const RELEASE = at('07:58:10');
const TRACE_START = at('08:29:40');

/**
 * storefront → order-service connection refused: order-service 2.15.0 listens on 3000 (containerPort
 * 3000 "http"), but its Service still targets 8080, so every connection to an endpoint is refused.
 */
export function buildTcpRefused(): ScenarioBuilder {
  const s = createScenario('tcp-refused', at('08:30:00'));
  const base = addAksBaseline(s, {
    namespaces: ['shop'],
    nodes: [0, 1, 2].map((index) => ({
      pool: 'nodepool1',
      index,
      mode: 'System' as const,
      ipOctet: 4 + index,
      podCidrOctet: index,
    })),
  });
  const [n0, n1, n2] = base.linux as [NodeRef, NodeRef, NodeRef];
  const storefront = shopApp(s, {
    name: 'storefront',
    replicas: 2,
    nodes: [n0, n1],
    container: nodeService('storefront', 3000, {
      env: [
        { name: 'NODE_ENV', value: 'production' },
        { name: 'PORT', value: '3000' },
        { name: 'ORDER_SERVICE_URL', value: 'http://order-service.shop.svc.cluster.local' },
        { name: 'CATALOG_SERVICE_URL', value: 'http://catalog-service.shop.svc.cluster.local' },
      ],
    }),
  });
  const orders = shopApp(s, {
    name: 'order-service',
    replicas: 2,
    nodes: [n2, n1],
    rolledOut: RELEASE,
    container: nodeService('order-service', 3000, {
      image: 'acrshopprod.azurecr.io/shop/order-service:2.15.0',
    }),
  });
  const catalog = shopApp(s, {
    name: 'catalog-service',
    replicas: 2,
    nodes: [n2, n0],
    container: nodeService('catalog-service', 3000),
  });
  const created = '2025-01-14T10:31:52Z';
  s.add(
    'workloads.yaml',
    ...shopService(s, base, 'storefront', '10.0.87.201', storefront.pods),
    // The bug: targetPort stayed at the old 8080 when order-service moved to 3000.
    ...buildService(
      {
        name: 'order-service',
        namespace: 'shop',
        clusterIP: '10.0.142.17',
        created,
        selector: { app: 'order-service' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        backends: orders.pods,
        zoneOf: base.zoneOf,
      },
      s.rv,
    ),
    ...shopService(s, base, 'catalog-service', '10.0.61.94', catalog.pods),
  );
  for (const p of [...storefront.pods, ...orders.pods, ...catalog.pods]) setPodMetrics(s, p);
  addRolloutEvents(s, orders.objects[0] as KubeObject, orders.pods);
  addLogs(s, storefront.pods, orders.pods);
  addTraces(s, storefront.pods, orders.pods, catalog.pods);
  setNodeMetrics(s);
  return s;
}

function addRolloutEvents(s: ScenarioBuilder, deployment: KubeObject, pods: KubeObject[]): void {
  const owner = pods[0]
    ? (pods[0].metadata as { ownerReferences: { name: string }[] }).ownerReferences[0]
    : undefined;
  const rs = owner?.name ?? '';
  s.add(
    'events.yaml',
    buildEvent(
      {
        involved: involve(deployment),
        reason: 'ScalingReplicaSet',
        message: `Scaled up replica set ${rs} to 2`,
        component: 'deployment-controller',
        first: RELEASE,
      },
      s.rv,
    ),
  );
  for (const [i, pod] of pods.entries())
    addStartEvents(s, pod, plus(RELEASE, 1 + i), { seconds: 2, bytes: 58_231_944 });
}

function ipOf(pod: KubeObject | undefined): string {
  return pod ? (pod.status as { podIP: string }).podIP : '';
}

function addLogs(s: ScenarioBuilder, storefront: KubeObject[], orders: KubeObject[]): void {
  storefront.forEach((pod, i) => {
    const lines: string[] = [`2025-03-03T16:20:0${8 + i}.412Z info storefront 2.14.3 listening on :3000`];
    for (let k = 0; k < 38; k++) {
      const t = igTime(plus(RELEASE, 95 + k * 47 + i * 13), k * 7).slice(0, 23);
      const target = orders[(k + i) % orders.length];
      if (k % 5 === 4) lines.push(`${t}Z info GET /api/catalog/featured 200 12ms`);
      lines.push(
        `${t}Z error POST /api/checkout 502 3ms upstream=order-service err="connect ECONNREFUSED ${ipOf(target)}:8080"`,
        `    Error: connect ECONNREFUSED ${ipOf(target)}:8080`,
        '        at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)',
      );
    }
    s.sim.logs.push({
      pod: `shop/${(pod.metadata as { name: string }).name}`,
      container: 'storefront',
      text: `${lines.join('\n')}\n`,
    });
  });
  orders.forEach((pod, i) => {
    s.sim.logs.push({
      pod: `shop/${(pod.metadata as { name: string }).name}`,
      container: 'order-service',
      text: [
        `2025-03-04T07:58:1${5 + i}.532Z info order-service 2.15.0 starting (node v20.18.1)`,
        `2025-03-04T07:58:1${5 + i}.611Z info connected to postgres orders-db.shop.svc.cluster.local:5432`,
        `2025-03-04T07:58:1${5 + i}.640Z info http server listening on 0.0.0.0:3000`,
        `2025-03-04T07:58:2${5 + i}.002Z info GET /healthz 200 1ms`,
        '',
      ].join('\n'),
    });
  });
}

function addTraces(
  s: ScenarioBuilder,
  storefront: KubeObject[],
  orders: KubeObject[],
  catalog: KubeObject[],
): void {
  storefront.forEach((pod, i) => {
    const traced = podFacts(pod);
    const proc = {
      comm: 'node',
      pid: 3871 + i * 211,
      tid: 3871 + i * 211,
      parent: { comm: 'tini', pid: 3854 + i * 211 },
    };
    const lines: string[] = [];
    for (let k = 0; k < 19 - i; k++) {
      const ms = k * 780 + i * 190;
      const src: Endpoint = { kind: 'pod', pod: traced, port: 41_000 + ((k * 977 + i * 131) % 20_000) };
      const target = podFacts(orders[(k + i) % orders.length] as KubeObject);
      lines.push(
        tcpEvent({
          traced,
          timestamp: igTime(TRACE_START, ms, 113_407 + k),
          proc,
          type: 'connect',
          src,
          dst: { kind: 'pod', pod: target, port: 8080 },
          error: 'ECONNREFUSED',
          fd: 24 + (k % 3),
        }),
      );
      if (k % 4 === 1) {
        const ok = podFacts(catalog[k % catalog.length] as KubeObject);
        const okSrc: Endpoint = { kind: 'pod', pod: traced, port: 52_000 + k * 13 };
        lines.push(
          tcpEvent({
            traced,
            timestamp: igTime(TRACE_START, ms + 310, 80_022 + k),
            proc,
            type: 'connect',
            src: okSrc,
            dst: { kind: 'pod', pod: ok, port: 3000 },
            fd: 27,
          }),
          tcpEvent({
            traced,
            timestamp: igTime(TRACE_START, ms + 325, 1_917 + k),
            proc,
            type: 'close',
            src: okSrc,
            dst: { kind: 'pod', pod: ok, port: 3000 },
            fd: 27,
          }),
        );
      }
    }
    s.sim.run.push({
      match: { image: '*inspektor-gadget*', command: '*trace_tcp*', node: traced.node },
      logs: `${lines.join('\n')}\n`,
      phase: 'Succeeded',
      exitCode: 0,
      runningAfterSeconds: 1,
      finishAfterSeconds: 3,
    });
  });
  s.sim.run.push({
    match: { image: '*inspektor-gadget*' },
    logs: '',
    phase: 'Succeeded',
    exitCode: 0,
    runningAfterSeconds: 1,
    finishAfterSeconds: 3,
  });
}
