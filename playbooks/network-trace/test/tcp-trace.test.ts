import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParseStats } from '../src/ig-events.js';
import { aggregateTcp } from '../src/tcp-aggregate.js';
import { tcpEvents } from '../src/tcp-trace.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/ig/${name}`, import.meta.url), 'utf8');

describe('tcpEvents', () => {
  it('reads trace_tcp JSON lines with ig field names (errno names, k8s endpoints, owner)', () => {
    const events = [...tcpEvents(fixture('trace-tcp-refused.jsonl'))];
    expect(events).toHaveLength(11);
    expect(events[0]).toMatchObject({
      node: 'aks-np1-31415926-vmss000001',
      namespace: 'shop',
      podName: 'web-7d9c-x2k4p',
      owner: 'ReplicaSet/web-7d9c',
      type: 'connect',
      error: 'ECONNREFUSED',
      dst: { addr: '10.244.2.7', port: 8080, kind: 'pod', name: 'api-5f6d-abcde' },
    });
    expect(events.at(-1)?.type).toBe('close');
  });

  it('skips lines that are not JSON objects and reads wrong-typed fields as empty, without pollution', () => {
    const stats: ParseStats = { lines: 0, events: 0, skipped: 0 };
    const events = [...tcpEvents(fixture('trace-tcp-malformed.jsonl'), stats)];
    expect(stats).toEqual({ lines: 7, events: 4, skipped: 3 });
    expect(events.map((e) => `${e.dst.addr}:${e.dst.port}`)).toEqual([
      '10.244.2.7:0',
      '10.244.2.7:8080',
      '10.244.2.7:8080',
    ]);
    expect(events[0]).toMatchObject({ node: '', podName: '', error: 'ECONNREFUSED' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('aggregateTcp', () => {
  it('counts connects only and groups failures by destination and errno, most frequent first', () => {
    const summary = aggregateTcp(tcpEvents(fixture('trace-tcp-refused.jsonl')));
    expect(summary.connects).toBe(10);
    expect(summary.failed).toBe(9);
    expect(summary.failures.map((g) => [g.addr, g.port, g.error, g.count])).toEqual([
      ['10.244.2.7', 8080, 'ECONNREFUSED', 5],
      ['10.244.1.13', 8080, 'ECONNREFUSED', 3],
      ['10.50.2.9', 5432, 'ETIMEDOUT', 1],
    ]);
    expect(summary.failures[0]?.clients).toEqual(new Map([['10.244.1.17', 5]]));
    expect(summary.failures[0]?.firstAt).toBe('2025-03-04T08:14:00.100000000Z');
    expect(summary.failures[0]?.lastAt).toBe('2025-03-04T08:14:04.100000000Z');
    expect(summary.successes.map((g) => [g.addr, g.count])).toEqual([['10.244.0.12', 1]]);
  });

  it('ignores events of other pods when told which pod was traced', () => {
    const summary = aggregateTcp(
      tcpEvents(fixture('trace-tcp-refused.jsonl')),
      (e) => e.podName === 'someone-else',
    );
    expect(summary).toMatchObject({ connects: 0, failed: 0, failures: [], successes: [] });
  });

  it('streams a 100 000-event trace without keeping the events', () => {
    const line = fixture('trace-tcp-refused.jsonl').split('\n')[0] as string;
    const text = `${line}\n`.repeat(100_000);
    const summary = aggregateTcp(tcpEvents(text));
    expect(summary.failed).toBe(100_000);
    expect(summary.failures).toHaveLength(1);
  });
});
