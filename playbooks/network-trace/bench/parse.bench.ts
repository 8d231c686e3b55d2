/**
 * Parse + aggregate throughput for 100,000-event ig traces (trace_tcp and trace_dns), with the
 * heap the aggregates retain beyond the trace text itself (run with --expose-gc). Run: npm run bench -w @triage/playbook-network-trace
 */
import { readFileSync } from 'node:fs';
import { aggregateDns } from '../src/dns-aggregate.js';
import { dnsEvents } from '../src/dns-trace.js';
import { aggregateTcp } from '../src/tcp-aggregate.js';
import { tcpEvents } from '../src/tcp-trace.js';

const EVENTS = 100_000;
const fixture = (name: string) =>
  readFileSync(new URL(`../test/fixtures/ig/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

function trace(lines: string[]): string {
  const parts: string[] = [];
  for (let i = 0; i < EVENTS; i++) parts.push(lines[i % lines.length] as string);
  return `${parts.join('\n')}\n`;
}

function measure(name: string, text: string, run: (text: string) => unknown): void {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  const result = run(text);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  globalThis.gc?.();
  // What the aggregate keeps once the per-line garbage is collected (the text is the caller's).
  const grew = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  if (!result) throw new Error('no result');
  console.log(
    `${name}: ${EVENTS} events, ${(text.length / 2 ** 20).toFixed(1)} MiB text, ${ms.toFixed(0)} ms, ${Math.round(EVENTS / (ms / 1000)).toLocaleString('en')} events/s, retained after GC +${grew.toFixed(2)} MiB`,
  );
}

measure('trace_tcp', trace(fixture('trace-tcp-refused.jsonl')), (t) => aggregateTcp(tcpEvents(t)));
measure('trace_dns', trace(fixture('trace-dns-servfail.jsonl')), (t) => aggregateDns(dnsEvents(t)));
