import type { IgEndpoint, TcpEvent } from './ig-events.js';

/** Connects from the traced pod(s) to one destination address and port with one outcome. */
export interface TcpDestination {
  addr: string;
  port: number;
  /** errno name, '' for successful connects. */
  error: string;
  count: number;
  /** The destination as ig resolved it (pod/svc/raw), from the first event. */
  dst: IgEndpoint;
  /** Connects by client source address (resolved to pods with the address index). */
  clients: Map<string, number>;
  firstAt: string;
  lastAt: string;
  /** One event, kept as evidence. */
  sample: TcpEvent;
}

/** What a trace_tcp run saw, by destination. */
export interface TcpSummary {
  connects: number;
  failed: number;
  /** Failed connects by destination and errno, most frequent first. */
  failures: TcpDestination[];
  /** Successful connects by destination, most frequent first. */
  successes: TcpDestination[];
}

/**
 * Aggregates trace_tcp events, one at a time (memory grows with destinations, not events). Only
 * `connect` events count; `accept`/`close` are ignored. `keep` filters the traced pods (ig filters
 * already; this guards against a node-wide trace).
 */
export function aggregateTcp(
  events: Iterable<TcpEvent>,
  keep: (e: TcpEvent) => boolean = () => true,
): TcpSummary {
  const aggregator = createTcpAggregator(keep);
  for (const event of events) aggregator.add(event);
  return aggregator.summary();
}

/** The push form of {@link aggregateTcp}, for events that arrive from a streamed log. */
export function createTcpAggregator(keep: (e: TcpEvent) => boolean = () => true) {
  const groups = new Map<string, TcpDestination>();
  let connects = 0;
  let failed = 0;
  function add(event: TcpEvent): void {
    if (event.type !== 'connect' || !keep(event)) return;
    connects++;
    if (event.error) failed++;
    const key = `${event.dst.addr}|${event.dst.port}|${event.error}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        addr: event.dst.addr,
        port: event.dst.port,
        error: event.error,
        count: 0,
        dst: event.dst,
        clients: new Map(),
        firstAt: event.timestamp,
        lastAt: event.timestamp,
        sample: event,
      };
      groups.set(key, group);
    }
    group.count++;
    if (event.src.addr) group.clients.set(event.src.addr, (group.clients.get(event.src.addr) ?? 0) + 1);
    if (event.timestamp && (!group.firstAt || event.timestamp < group.firstAt))
      group.firstAt = event.timestamp;
    if (event.timestamp > group.lastAt) group.lastAt = event.timestamp;
  }
  function summary(): TcpSummary {
    const all = [...groups.values()].sort((a, b) => b.count - a.count);
    return {
      connects,
      failed,
      failures: all.filter((g) => g.error !== ''),
      successes: all.filter((g) => g.error === ''),
    };
  }
  return { add, summary };
}
