import { hexFor } from './ids.js';

type KubeObject = Record<string, unknown>;

/**
 * Inspektor Gadget `-o json` event lines (one JSON object per line) for the image-based gadgets
 * trace_tcp and trace_dns, with the field names and formats of shared/reference/protocols.md §3.2–3.3.
 */

interface PodFacts {
  name: string;
  namespace: string;
  node: string;
  ip: string;
  labels: string;
  owner: { kind: string; name: string };
  container: string;
  image: string;
}

/** The facts ig enriches an event with, read from a built pod (first container unless named). */
export function podFacts(pod: KubeObject, container?: string): PodFacts {
  const meta = pod.metadata as {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
  };
  const spec = pod.spec as { nodeName: string; containers: { name: string; image: string }[] };
  const c = spec.containers.find((x) => x.name === container) ?? spec.containers[0];
  return {
    name: meta.name,
    namespace: meta.namespace,
    node: spec.nodeName,
    ip: (pod.status as { podIP: string }).podIP,
    labels: Object.entries(meta.labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    owner: { kind: meta.ownerReferences?.[0]?.kind ?? '', name: meta.ownerReferences?.[0]?.name ?? '' },
    container: c?.name ?? '',
    image: c?.image ?? '',
  };
}

/** An endpoint as ig prints it: a pod, a Service (`svc`) or an address it cannot map (`raw`). */
export type Endpoint =
  | { kind: 'pod'; pod: PodFacts; port: number }
  | { kind: 'svc'; addr: string; name: string; namespace: string; labels: string; port: number }
  | { kind: 'raw'; addr: string; port: number };

function l4(e: Endpoint, proto: 'TCP' | 'UDP'): KubeObject {
  if (e.kind === 'pod') {
    return {
      addr: e.pod.ip,
      version: 4,
      port: e.port,
      proto,
      k8s: { kind: 'pod', name: e.pod.name, namespace: e.pod.namespace, labels: e.pod.labels },
    };
  }
  if (e.kind === 'svc') {
    return {
      addr: e.addr,
      version: 4,
      port: e.port,
      proto,
      k8s: { kind: 'svc', name: e.name, namespace: e.namespace, labels: e.labels },
    };
  }
  return {
    addr: e.addr,
    version: 4,
    port: e.port,
    proto,
    k8s: { kind: 'raw', name: '', namespace: '', labels: '' },
  };
}

/** The process inside the traced container that the event is attributed to. */
export interface Proc {
  comm: string;
  pid: number;
  tid?: number;
  uid?: number;
  parent?: { comm: string; pid: number };
}

function common(traced: PodFacts, timestamp: string, proc: Proc): KubeObject {
  const seed = `${traced.namespace}/${traced.name}`;
  const mntns = 4026532000 + (Number.parseInt(hexFor(`mntns:${seed}`, 3), 16) % 900);
  return {
    runtime: {
      runtimeName: 'containerd',
      containerId: hexFor(`ctr:${seed}/${traced.container}`, 64),
      containerName: traced.container,
      containerPid: proc.parent?.pid ?? proc.pid,
      containerImageName: traced.image,
      containerImageDigest: `sha256:${hexFor(`img:${traced.image}`, 64)}`,
    },
    k8s: {
      node: traced.node,
      namespace: traced.namespace,
      podName: traced.name,
      containerName: traced.container,
      hostnetwork: false,
      podLabels: traced.labels,
      owner: traced.owner,
    },
    timestamp,
    netns_id: mntns + 3,
    proc: {
      comm: proc.comm,
      pid: proc.pid,
      tid: proc.tid ?? proc.pid,
      mntns_id: mntns,
      creds: { uid: proc.uid ?? 1000, gid: proc.uid ?? 1000 },
      parent: proc.parent ?? { comm: 'containerd-shim', pid: proc.pid - 17 },
    },
  };
}

/** Nanosecond RFC 3339 timestamp (`2006-01-02T15:04:05.000000000Z07:00`) from a base time plus milliseconds. */
export function igTime(base: string, offsetMs: number, jitter = 0): string {
  const ms = Date.parse(base) + offsetMs;
  const iso = new Date(ms).toISOString();
  const nanos = String((ms % 1000) * 1_000_000 + (jitter % 1_000_000)).padStart(9, '0');
  return `${iso.slice(0, 19)}.${nanos}Z`;
}

const ERRNO: Record<string, number> = {
  '': 0,
  ECONNREFUSED: 111,
  ETIMEDOUT: 110,
  ECONNRESET: 104,
  EHOSTUNREACH: 113,
};
const TCP_TYPE = { connect: 0, accept: 1, close: 2 } as const;

/** One trace_tcp event line. */
export function tcpEvent(input: {
  traced: PodFacts;
  timestamp: string;
  proc: Proc;
  type: keyof typeof TCP_TYPE;
  src: Endpoint;
  dst: Endpoint;
  error?: string;
  fd: number;
}): string {
  const error = input.error ?? '';
  return JSON.stringify({
    ...common(input.traced, input.timestamp, input.proc),
    src: l4(input.src, 'TCP'),
    dst: l4(input.dst, 'TCP'),
    type: input.type,
    type_raw: TCP_TYPE[input.type],
    error,
    error_raw: ERRNO[error] ?? 0,
    fd: input.fd,
    accept_fd: input.type === 'accept' ? input.fd + 1 : -1,
  });
}

const QTYPE = { A: 1, AAAA: 28, SRV: 33, PTR: 12 } as const;
const RCODE = {
  '': 0,
  Success: 0,
  FormatError: 1,
  ServerFailure: 2,
  NameError: 3,
  NotImplemented: 4,
  Refused: 5,
} as const;
const PKT = { HOST: 0, OUTGOING: 4 } as const;

/** ig's human latency string: ns, µs, ms with two decimals, Go duration from one second. */
export function latencyString(ns: number): string {
  if (ns < 1_000) return `${ns}ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(2)}µs`;
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(2)}ms`;
  return `${Number((ns / 1_000_000_000).toFixed(6))}s`;
}

/** One trace_dns event line: a query (`Q`, rcode "") or a response (`R`, latency only when received: HOST). */
export function dnsEvent(input: {
  traced: PodFacts;
  timestamp: string;
  proc: Proc;
  qr: 'Q' | 'R';
  pktType: keyof typeof PKT;
  src: Endpoint;
  dst: Endpoint;
  nameserver: string;
  id: string;
  qtype: keyof typeof QTYPE;
  name: string;
  rcode?: Exclude<keyof typeof RCODE, ''>;
  addresses?: string[];
  latencyNs?: number;
}): string {
  const isResponse = input.qr === 'R';
  const rcode = isResponse ? (input.rcode ?? 'Success') : '';
  const latency = isResponse && input.pktType === 'HOST' ? (input.latencyNs ?? 0) : 0;
  return JSON.stringify({
    ...common(input.traced, input.timestamp, input.proc),
    src: l4(input.src, 'UDP'),
    dst: l4(input.dst, 'UDP'),
    nameserver: { addr: input.nameserver, version: 4 },
    id: input.id,
    qr: input.qr,
    qr_raw: isResponse,
    qtype: input.qtype,
    qtype_raw: QTYPE[input.qtype],
    name: input.name,
    rcode,
    rcode_raw: RCODE[rcode],
    addresses: (input.addresses ?? []).join(','),
    num_answers: input.addresses?.length ?? 0,
    latency_ns_raw: latency,
    latency_ns: latencyString(latency),
    pkt_type: input.pktType,
    pkt_type_raw: PKT[input.pktType],
    tc: false,
    rd: true,
    ra: isResponse,
  });
}
