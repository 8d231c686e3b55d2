import type { DnsEvent } from './ig-events.js';

/** Queries for one name to one server, and what came back. */
export interface DnsExchange {
  name: string;
  server: string;
  queries: number;
  responses: number;
  /** Response codes by name (`Success`, `NameError`, `ServerFailure`, `Refused`, …). */
  rcodes: Record<string, number>;
  /** Queries no response matched (same server, id, type and name). */
  unanswered: number;
  /** Query types seen (`A`, `AAAA`). */
  qtypes: Set<string>;
  /** Pods that sent the queries (`namespace/name`). */
  pods: Set<string>;
  latencyNs: { p50: number; p99: number } | undefined;
}

/** Latency samples kept per exchange: enough for p99, bounded for huge traces. */
const MAX_SAMPLES = 10_000;

/**
 * Aggregates trace_dns events per name and server, one event at a time: queries (`qr: Q`, rcode
 * "") are matched to responses (`qr: R`) by server, id, type and name; what is left is unanswered.
 * `keep` selects the events of interest (a client pod, or CoreDNS's upstream queries).
 */
export function aggregateDns(
  events: Iterable<DnsEvent>,
  keep: (e: DnsEvent) => boolean = () => true,
): DnsExchange[] {
  const aggregator = createDnsAggregator(keep);
  for (const event of events) aggregator.add(event);
  return aggregator.exchanges();
}

/** The push form of {@link aggregateDns}, for events that arrive from streamed logs. */
export function createDnsAggregator(keep: (e: DnsEvent) => boolean = () => true) {
  const exchanges = new Map<string, DnsExchange & { samples: number[] }>();
  const pending = new Map<string, number>();
  function add(e: DnsEvent): void {
    if (!keep(e) || !e.name || !e.nameserver) return;
    const key = `${e.name}|${e.nameserver}`;
    let x = exchanges.get(key);
    if (!x) {
      x = {
        name: e.name,
        server: e.nameserver,
        queries: 0,
        responses: 0,
        rcodes: {},
        unanswered: 0,
        qtypes: new Set(),
        pods: new Set(),
        latencyNs: undefined,
        samples: [],
      };
      exchanges.set(key, x);
    }
    const match = `${key}|${e.id}|${e.qtype}`;
    if (e.qr === 'Q') {
      x.queries++;
      if (e.qtype) x.qtypes.add(e.qtype);
      if (e.namespace && e.podName) x.pods.add(`${e.namespace}/${e.podName}`);
      pending.set(match, (pending.get(match) ?? 0) + 1);
    } else {
      x.responses++;
      const rcode = e.rcode || 'Success';
      x.rcodes[rcode] = (x.rcodes[rcode] ?? 0) + 1;
      if (e.latencyNs > 0 && x.samples.length < MAX_SAMPLES) x.samples.push(e.latencyNs);
      const open = pending.get(match) ?? 0;
      if (open > 1) pending.set(match, open - 1);
      else pending.delete(match);
    }
  }
  /** The exchanges so far; queries still pending count as unanswered. */
  function result(): DnsExchange[] {
    const unanswered = new Map<string, number>();
    for (const [match, open] of pending) {
      const key = match.split('|', 2).join('|');
      unanswered.set(key, (unanswered.get(key) ?? 0) + open);
    }
    return [...exchanges.entries()].map(([key, { samples, ...x }]) => ({
      ...x,
      unanswered: unanswered.get(key) ?? 0,
      latencyNs: percentiles(samples),
    }));
  }
  return { add, exchanges: result };
}

function percentiles(samples: number[]): DnsExchange['latencyNs'] {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
  return { p50: at(0.5), p99: at(0.99) };
}

/** True when an exchange ended badly: ServerFailure/Refused answers or queries left unanswered. */
export function isFailing(x: DnsExchange): boolean {
  return x.unanswered > 0 || (x.rcodes.ServerFailure ?? 0) > 0 || (x.rcodes.Refused ?? 0) > 0;
}

/**
 * Groups names into lookups: a name that extends another queried name by a search domain
 * (`payments.contoso.internal.shop.svc.cluster.local.` extends `payments.contoso.internal.`) is
 * a search-path expansion of it.
 */
export function searchExpansions(names: Iterable<string>): Map<string, string[]> {
  const all = [...new Set(names)].sort((a, b) => a.length - b.length);
  const bases = new Map<string, string[]>();
  for (const name of all) {
    const base = [...bases.keys()].find((b) => name.startsWith(b) && name.length > b.length);
    if (base) bases.get(base)?.push(name);
    else bases.set(name, []);
  }
  return bases;
}

/** `2.84ms`, `850µs`. */
export function formatNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)}s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)}ms`;
  return `${(ns / 1e3).toFixed(0)}µs`;
}
