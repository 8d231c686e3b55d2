/**
 * Inspektor Gadget `-o json` output: one JSON object per line (protocols §3.1). Lines that are not
 * JSON objects (ig's own messages, a cut last line) are skipped and counted; fields that are
 * missing or of the wrong type read as empty, so a partial event never throws.
 */

/** An l4 endpoint (`src`, `dst`) with the Kubernetes object ig resolved it to. */
export interface IgEndpoint {
  addr: string;
  port: number;
  /** `pod`, `svc` or `raw` (not a cluster object); '' when ig did not say. */
  kind: string;
  name: string;
  namespace: string;
}

/** Where an event happened: the traced container. */
export interface IgSource {
  node: string;
  namespace: string;
  podName: string;
  containerName: string;
  /** `k8s.owner` as `Kind/name`, '' when absent. */
  owner: string;
}

/** A trace_tcp event (protocols §3.3). */
export interface TcpEvent extends IgSource {
  type: string;
  /** errno name: `ECONNREFUSED`, `ETIMEDOUT`; '' on success. */
  error: string;
  src: IgEndpoint;
  dst: IgEndpoint;
  timestamp: string;
}

/** A trace_dns event (protocols §3.2). */
export interface DnsEvent extends IgSource {
  /** `Q` query, `R` response. */
  qr: string;
  id: string;
  qtype: string;
  /** FQDN with the trailing dot. */
  name: string;
  /** '' on queries; `Success`, `NameError`, `ServerFailure`, `Refused`, … on responses. */
  rcode: string;
  nameserver: string;
  src: IgEndpoint;
  dst: IgEndpoint;
  /** Nanoseconds, only on responses the host received (0 otherwise). */
  latencyNs: number;
  pktType: string;
  addresses: string;
  timestamp: string;
}

/** Counts of what a parse saw. */
export interface ParseStats {
  lines: number;
  events: number;
  skipped: number;
}

/**
 * The JSON objects in `text`, one per line, lazily: a 100 000-line trace is never split into an
 * array of lines nor held as parsed objects all at once.
 */
export function* igJsonObjects(text: string, stats?: ParseStats): Generator<Record<string, unknown>> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    const value = parseIgLine(line, stats);
    if (value) yield value;
  }
}

/** One line of ig output as a JSON object; undefined (and counted as skipped) when it is not one. */
export function parseIgLine(text: string, stats?: ParseStats): Record<string, unknown> | undefined {
  const line = text.trim();
  if (!line) return undefined;
  if (stats) stats.lines++;
  const value = line.startsWith('{') ? parseOrUndefined(line) : undefined;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if (stats) stats.events++;
    return value as Record<string, unknown>;
  }
  if (stats) stats.skipped++;
  return undefined;
}

/** A line consumer for a streamed log: parses each line, converts it, and hands events on. */
export function igLineHandler<E>(
  toEvent: (raw: Record<string, unknown>) => E | undefined,
  add: (event: E) => void,
): (line: string) => void {
  return (line) => {
    const raw = parseIgLine(line);
    const event = raw && toEvent(raw);
    if (event) add(event);
  };
}

function parseOrUndefined(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function endpoint(v: unknown): IgEndpoint {
  const e = obj(v);
  const k8s = obj(e.k8s);
  return {
    addr: str(e.addr),
    port: num(e.port),
    kind: str(k8s.kind),
    name: str(k8s.name),
    namespace: str(k8s.namespace),
  };
}

function source(event: Json): IgSource {
  const k8s = obj(event.k8s);
  const owner = obj(k8s.owner);
  return {
    node: str(k8s.node),
    namespace: str(k8s.namespace),
    podName: str(k8s.podName),
    containerName: str(k8s.containerName),
    owner: str(owner.kind) && str(owner.name) ? `${str(owner.kind)}/${str(owner.name)}` : '',
  };
}

/** A trace_tcp event from one parsed line; undefined when it has no destination address. */
export function toTcpEvent(event: Json): TcpEvent | undefined {
  const dst = endpoint(event.dst);
  if (!dst.addr) return undefined;
  return {
    ...source(event),
    type: str(event.type),
    error: str(event.error),
    src: endpoint(event.src),
    dst,
    timestamp: str(event.timestamp),
  };
}

/** A trace_dns event from one parsed line; undefined when it is neither query nor response. */
export function toDnsEvent(event: Json): DnsEvent | undefined {
  const qr = str(event.qr);
  if (qr !== 'Q' && qr !== 'R') return undefined;
  return {
    ...source(event),
    qr,
    id: str(event.id),
    qtype: str(event.qtype),
    name: str(event.name),
    rcode: str(event.rcode),
    nameserver: str(obj(event.nameserver).addr),
    src: endpoint(event.src),
    dst: endpoint(event.dst),
    latencyNs: num(event.latency_ns_raw),
    pktType: str(event.pkt_type),
    addresses: str(event.addresses),
    timestamp: str(event.timestamp),
  };
}
