import { addAksBaseline } from '../scenario-kit/baseline.js';
import { setNodeMetrics, setPodMetrics } from '../scenario-kit/metrics.js';
import { at, plus } from '../scenario-kit/cluster.js';
import { type Endpoint, dnsEvent, igTime, podFacts } from '../scenario-kit/inspektor-gadget.js';
import { hexFor } from '../scenario-kit/ids.js';
import type { NodeRef } from '../scenario-kit/nodes.js';
import { type ScenarioBuilder, createScenario } from '../scenario-kit/scenario.js';
import { nodeService, shopApp, shopService } from '../scenario-kit/shop.js';

type KubeObject = Record<string, unknown>;

const UPSTREAM = '10.50.0.4';
const AZURE_DNS = '168.63.129.16';
const NODE_SEARCH = 'ftabc2nvrlmeraz0ihztzvqo2e.ax.internal.cloudapp.net';
const TRACE_START = at('08:29:40');
const KUBE_DNS: Endpoint = {
  kind: 'svc',
  addr: '10.0.0.10',
  name: 'kube-dns',
  namespace: 'kube-system',
  labels: 'k8s-app=kube-dns',
  port: 53,
};

/** The CoreDNS customisation that sends the contoso.internal zone to the on-premises DNS server. */
const CONTOSO_SERVER = `contoso.internal:53 {
    errors
    cache 30
    forward . ${UPSTREAM}
}
`;

/**
 * order-service cannot resolve payments.contoso.internal: CoreDNS forwards the zone to 10.50.0.4, which
 * answers inventory.contoso.internal but never answers for payments.contoso.internal.
 */
export function buildDnsUpstream(): ScenarioBuilder {
  const s = createScenario('dns-upstream', at('08:30:00'));
  const base = addAksBaseline(s, {
    namespaces: ['shop'],
    corednsCustom: { 'contoso.server': CONTOSO_SERVER },
    nodes: [
      { pool: 'nodepool1', index: 0, mode: 'System', ipOctet: 4, podCidrOctet: 0 },
      { pool: 'nodepool1', index: 1, mode: 'System', ipOctet: 5, podCidrOctet: 1 },
      { pool: 'userpool', index: 0, mode: 'User', vmSize: 'Standard_D8s_v3', ipOctet: 6, podCidrOctet: 2 },
      { pool: 'userpool', index: 1, mode: 'User', vmSize: 'Standard_D8s_v3', ipOctet: 7, podCidrOctet: 3 },
    ],
  });
  const user = base.linux.filter((n) => n.pool === 'userpool') as [NodeRef, NodeRef];
  const orders = shopApp(s, {
    name: 'order-service',
    replicas: 2,
    nodes: user,
    container: nodeService('order-service', 3000, {
      env: [
        { name: 'NODE_ENV', value: 'production' },
        { name: 'PORT', value: '3000' },
        { name: 'PAYMENTS_URL', value: 'https://payments.contoso.internal/api/v2' },
        { name: 'INVENTORY_URL', value: 'https://inventory.contoso.internal/api' },
      ],
    }),
  });
  const storefront = shopApp(s, {
    name: 'storefront',
    replicas: 2,
    nodes: user,
    container: nodeService('storefront', 3000),
  });
  s.add(
    'workloads.yaml',
    ...shopService(s, base, 'order-service', '10.0.142.17', orders.pods),
    ...shopService(s, base, 'storefront', '10.0.87.201', storefront.pods),
  );
  for (const p of [...orders.pods, ...storefront.pods]) setPodMetrics(s, p);
  addAppLogs(s, orders.pods);
  addTraces(s, orders.pods, base.coredns.pods);
  setNodeMetrics(s);
  return s;
}

function nameOf(pod: KubeObject): string {
  return (pod.metadata as { name: string }).name;
}

function addAppLogs(s: ScenarioBuilder, orders: KubeObject[]): void {
  orders.forEach((pod, i) => {
    const lines = [`2025-03-03T16:20:1${i}.205Z info order-service 2.14.3 listening on 0.0.0.0:3000`];
    for (let k = 0; k < 30; k++) {
      const t = `${plus('08:00:07', k * 59 + i * 17).replace('Z', '')}.${String(100 + ((k * 37) % 900)).padStart(3, '0')}Z`;
      lines.push(`${t} info GET /api/orders/recent 200 18ms inventory=inventory.contoso.internal`);
      lines.push(
        `${t.replace(/\.\d{3}Z$/, `.${String(300 + ((k * 53) % 600)).padStart(3, '0')}Z`)} error POST /api/orders 503 7012ms payment authorization failed: getaddrinfo EAI_AGAIN payments.contoso.internal`,
        '    Error: getaddrinfo EAI_AGAIN payments.contoso.internal',
        '        at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:109:26)',
      );
    }
    s.sim.logs.push({
      pod: `shop/${nameOf(pod)}`,
      container: 'order-service',
      text: `${lines.join('\n')}\n`,
    });
  });
}

interface Lookup {
  name: string;
  /** Absolute-name outcome for A and AAAA: answered by the upstream, SERVFAIL after the forward timeout, or never answered. */
  outcome: { A: 'ok' | 'servfail' | 'none'; AAAA: 'ok' | 'servfail' | 'none' };
  addresses?: string[];
}

const PAYMENTS: Lookup = { name: 'payments.contoso.internal', outcome: { A: 'servfail', AAAA: 'none' } };
const INVENTORY: Lookup = {
  name: 'inventory.contoso.internal',
  outcome: { A: 'ok', AAAA: 'ok' },
  addresses: ['10.50.1.20'],
};

/**
 * Client-side and CoreDNS-side trace_dns events for the lookups the order-service pods make during the
 * trace: every name walks the search path first (ndots:5), then the absolute name goes to the upstream.
 */
function addTraces(s: ScenarioBuilder, orders: KubeObject[], coredns: KubeObject[]): void {
  const client = new Map<string, string[]>();
  const server = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, node: string, line: string) =>
    map.set(node, [...(map.get(node) ?? []), line]);
  let seq = 0;
  orders.forEach((pod, p) => {
    const traced = podFacts(pod);
    const search = [
      `${traced.namespace}.svc.cluster.local`,
      'svc.cluster.local',
      'cluster.local',
      NODE_SEARCH,
    ];
    const proc = {
      comm: 'node',
      pid: 4711 + p * 97,
      tid: 4720 + p * 97,
      parent: { comm: 'tini', pid: 4690 + p * 97 },
    };
    const rounds: Lookup[] = [PAYMENTS, INVENTORY, PAYMENTS, PAYMENTS];
    rounds.forEach((lookup, r) => {
      let ms = r * 3_600 + p * 700;
      const dns = coredns[(r + p) % coredns.length] as KubeObject;
      const dnsPod = podFacts(dns);
      const dnsProc = {
        comm: 'coredns',
        pid: 2231 + ((r + p) % 2) * 311,
        uid: 0,
        parent: { comm: 'containerd-shim', pid: 2207 + ((r + p) % 2) * 311 },
      };
      const names = [...search.map((d) => `${lookup.name}.${d}.`), `${lookup.name}.`];
      for (const fqdn of names) {
        const absolute = fqdn === `${lookup.name}.`;
        const cloudapp = fqdn.endsWith(`${NODE_SEARCH}.`);
        for (const qtype of ['A', 'AAAA'] as const) {
          seq++;
          const id = hexFor(`dnsid:${seq}`, 4);
          const port = 33_000 + ((seq * 7919) % 30_000);
          const me: Endpoint = { kind: 'pod', pod: traced, port };
          const at0 = igTime(TRACE_START, ms, seq * 1_013);
          push(
            client,
            traced.node,
            dnsEvent({
              traced,
              timestamp: at0,
              proc,
              qr: 'Q',
              pktType: 'OUTGOING',
              src: me,
              dst: KUBE_DNS,
              nameserver: '10.0.0.10',
              id,
              qtype,
              name: fqdn,
            }),
          );
          // Inside the CoreDNS pod the client's packet arrives already translated to the pod IP.
          const inbound = {
            traced: dnsPod,
            proc: dnsProc,
            src: me,
            dst: { kind: 'pod' as const, pod: dnsPod, port: 53 },
            nameserver: dnsPod.ip,
            id,
            qtype,
            name: fqdn,
          };
          push(
            server,
            dnsPod.node,
            dnsEvent({
              ...inbound,
              timestamp: igTime(TRACE_START, ms, seq * 1_013 + 180_000),
              qr: 'Q',
              pktType: 'HOST',
            }),
          );
          const outcome = absolute ? lookup.outcome[qtype] : 'nxdomain';
          // CoreDNS forwards the absolute contoso.internal name to the custom upstream and the node search domain to Azure DNS.
          let latency = 410_000 + ((seq * 7_717) % 300_000);
          if (absolute || cloudapp) {
            const upstream = absolute ? UPSTREAM : AZURE_DNS;
            const upId = hexFor(`upid:${seq}`, 4);
            const upPort = 40_000 + ((seq * 4_111) % 20_000);
            const fromDns: Endpoint = { kind: 'pod', pod: dnsPod, port: upPort };
            const up: Endpoint = { kind: 'raw', addr: upstream, port: 53 };
            const upQuery = {
              traced: dnsPod,
              proc: dnsProc,
              nameserver: upstream,
              id: upId,
              qtype,
              name: fqdn,
            };
            push(
              server,
              dnsPod.node,
              dnsEvent({
                ...upQuery,
                timestamp: igTime(TRACE_START, ms + 1, seq * 1_013),
                qr: 'Q',
                pktType: 'OUTGOING',
                src: fromDns,
                dst: up,
              }),
            );
            if (outcome === 'ok' || outcome === 'nxdomain') {
              const upLatency = cloudapp ? 1_380_000 + seq * 911 : 1_820_000 + seq * 577;
              latency += upLatency;
              push(
                server,
                dnsPod.node,
                dnsEvent({
                  ...upQuery,
                  timestamp: igTime(TRACE_START, ms + 2, seq * 1_013 + upLatency),
                  qr: 'R',
                  pktType: 'HOST',
                  src: up,
                  dst: fromDns,
                  rcode: outcome === 'ok' ? 'Success' : 'NameError',
                  ...(outcome === 'ok' && qtype === 'A' ? { addresses: lookup.addresses ?? [] } : {}),
                  latencyNs: upLatency,
                }),
              );
            }
          }
          if (outcome === 'none') continue;
          if (outcome === 'servfail') latency = 2_000_000_000 + seq * 3_331;
          const rcode = outcome === 'ok' ? 'Success' : outcome === 'servfail' ? 'ServerFailure' : 'NameError';
          const addresses = outcome === 'ok' && qtype === 'A' ? { addresses: lookup.addresses ?? [] } : {};
          const answeredMs = ms + Math.round(latency / 1_000_000);
          push(
            server,
            dnsPod.node,
            dnsEvent({
              ...inbound,
              timestamp: igTime(TRACE_START, answeredMs, seq * 1_013 + 90_000),
              qr: 'R',
              pktType: 'OUTGOING',
              src: inbound.dst,
              dst: me,
              rcode,
              ...addresses,
            }),
          );
          push(
            client,
            traced.node,
            dnsEvent({
              traced,
              timestamp: igTime(TRACE_START, answeredMs, seq * 1_013 + 150_000),
              proc,
              qr: 'R',
              pktType: 'HOST',
              src: KUBE_DNS,
              dst: me,
              nameserver: '10.0.0.10',
              id,
              qtype,
              name: fqdn,
              rcode,
              ...addresses,
              latencyNs: latency + 150_000,
            }),
          );
        }
        ms += 2;
      }
    });
  });
  const byTime = (a: string, b: string) => (JSON.parse(a).timestamp < JSON.parse(b).timestamp ? -1 : 1);
  for (const [node, lines] of [...client, ...server]) {
    s.sim.run.push({
      match: { image: '*inspektor-gadget*', command: '*trace_dns*', node },
      logs: `${lines.sort(byTime).join('\n')}\n`,
      phase: 'Succeeded',
      exitCode: 0,
      runningAfterSeconds: 1,
      finishAfterSeconds: 3,
    });
  }
  s.sim.run.push({
    match: { image: '*inspektor-gadget*' },
    logs: '',
    phase: 'Succeeded',
    exitCode: 0,
    runningAfterSeconds: 1,
    finishAfterSeconds: 3,
  });
  coredns.forEach((pod, i) => {
    const ip = (pod.status as { podIP: string }).podIP;
    const errors = Array.from(
      { length: 6 },
      (_, k) =>
        `[ERROR] plugin/errors: 2 payments.contoso.internal. ${k % 2 ? 'AAAA' : 'A'}: read udp ${ip}:${40_211 + k * 977 + i * 31}->${UPSTREAM}:53: i/o timeout`,
    );
    s.sim.logs.push({
      pod: `kube-system/${nameOf(pod)}`,
      container: 'coredns',
      text: [
        '.:53',
        'contoso.internal.:53',
        '[INFO] plugin/reload: Running configuration SHA512 = 8b1a5c0f3e7d9a2c6b4e1f0d8c7a5b3e9f2d1c0b8a7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7',
        'CoreDNS-1.11.3',
        'linux/amd64, go1.22.7, 7f3b1d2',
        ...errors,
        '',
      ].join('\n'),
    });
  });
}
