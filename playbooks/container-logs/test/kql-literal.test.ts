import { describe, expect, it } from 'vitest';
import {
  isoDuration,
  kqlNamespace,
  kqlObjectName,
  kqlString,
  kqlTimespan,
  kqlWorkloadPrefix,
  parseSince,
} from '../src/kql-literal.js';
import { firstLiteralValue, kqlSkeleton } from './kql-skeleton.js';

const hostile = [
  'x" | take 100000 | where "a" == "a',
  'x"; ContainerLog | take 1; print "',
  'line one\nline two | count',
  'tab\tand\rcarriage',
  'back\\slash\\" | union *',
  '@"verbatim"" | drop',
  "single ' quote",
];

describe('kqlString', () => {
  it.each(hostile)('keeps %j inside one literal that reads back as the same text', (value) => {
    const literal = kqlString(value);
    expect(kqlSkeleton(`T | where A == ${literal} | take 1`)).toBe('T | where A == "_" | take 1');
    expect(literal).not.toContain('\n');
    expect(firstLiteralValue(literal)).toBe(value);
  });

  it('refuses control characters other than newline, carriage return and tab', () => {
    expect(() => kqlString('a\u0000b')).toThrow(/control characters/);
    expect(() => kqlString('a\u001bb')).toThrow(/control characters/);
  });

  it('refuses text longer than 1024 characters', () => {
    expect(() => kqlString('a'.repeat(1025))).toThrow(/longer than 1024/);
  });
});

describe('Kubernetes names as literals', () => {
  it('quotes valid names', () => {
    expect(kqlNamespace('web')).toBe('"web"');
    expect(kqlObjectName('checkout-7d9c-x2k4p', 'pod')).toBe('"checkout-7d9c-x2k4p"');
    expect(kqlWorkloadPrefix('checkout')).toBe('"checkout-"');
  });

  it.each(hostile)('refuses %j as a name with a coded error', (value) => {
    expect(() => kqlNamespace(value)).toThrow(
      expect.objectContaining({ code: 'TRIAGE_ERR_CONTAINER_LOGS_BAD_VALUE' }),
    );
    expect(() => kqlObjectName(value, 'pod')).toThrow(/pod .* is not a Kubernetes name/);
    expect(() => kqlWorkloadPrefix(value)).toThrow(/workload/);
  });

  it('refuses a namespace with a dot, which only object names may have', () => {
    expect(() => kqlNamespace('a.b')).toThrow(/namespace/);
  });
});

describe('time ranges', () => {
  it('parses 90s, 30m, 1h and 7d into seconds', () => {
    expect([parseSince('90s'), parseSince('30m'), parseSince('1h'), parseSince('7d')]).toEqual([
      90, 1800, 3600, 604_800,
    ]);
  });

  it('refuses more than 7 days, zero, and anything that is not <number><unit>', () => {
    for (const bad of ['8d', '169h', '0s', '1w', '1h | take 5', '-1h', '1.5h', '']) {
      expect(() => parseSince(bad)).toThrow(/time range/);
    }
  });

  it('writes a look-back as a KQL timespan and as an ISO-8601 duration', () => {
    expect(kqlTimespan(3600)).toBe('3600s');
    expect(isoDuration(3600)).toBe('PT3600S');
    expect(() => kqlTimespan(1.5)).toThrow(/whole number/);
  });
});
