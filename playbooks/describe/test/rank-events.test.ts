import { describe, expect, it } from 'vitest';
import type { EventView } from '../src/kube-shapes.js';
import { eventCount, eventEvidence, eventLastSeen, eventsFinding, rankEvents } from '../src/rank-events.js';

const now = new Date('2026-11-22T12:00:00Z');

function event(name: string, fields: Partial<EventView>): EventView {
  return { metadata: { name, namespace: 'shop' }, involvedObject: { kind: 'Pod', name: 'web-1' }, ...fields };
}

describe('rankEvents', () => {
  const events = [
    event('normal-many', {
      type: 'Normal',
      reason: 'Pulled',
      count: 40,
      lastTimestamp: '2026-11-22T11:59:00Z',
    }),
    event('warning-old', {
      type: 'Warning',
      reason: 'FailedMount',
      count: 2,
      lastTimestamp: '2026-11-22T11:00:00Z',
    }),
    event('warning-new', {
      type: 'Warning',
      reason: 'Unhealthy',
      count: 2,
      lastTimestamp: '2026-11-22T11:58:00Z',
    }),
    event('warning-many', {
      type: 'Warning',
      reason: 'BackOff',
      count: 9,
      lastTimestamp: '2026-11-22T11:30:00Z',
    }),
  ];

  it('puts Warning before Normal, then the most repeated, then the most recent', () => {
    expect(rankEvents(events, 10).shown.map((e) => e.metadata.name)).toEqual([
      'warning-many',
      'warning-new',
      'warning-old',
      'normal-many',
    ]);
  });

  it('keeps at most max events and counts the others', () => {
    const { shown, more } = rankEvents(events, 2);
    expect(shown).toHaveLength(2);
    expect(more).toBe(2);
  });

  it('does not reorder its input', () => {
    const copy = [...events];
    rankEvents(events, 10);
    expect(events).toEqual(copy);
  });
});

describe('event time and count', () => {
  it('prefers the series of events.k8s.io-style events', () => {
    const e = event('s', {
      count: 1,
      eventTime: '2026-11-22T11:00:00.000000Z',
      series: { count: 12, lastObservedTime: '2026-11-22T11:57:00.000000Z' },
    });
    expect(eventCount(e)).toBe(12);
    expect(eventLastSeen(e)).toBe('2026-11-22T11:57:00.000000Z');
  });

  it('falls back to eventTime, then creationTimestamp, and counts a count-less event once', () => {
    expect(eventLastSeen(event('t', { lastTimestamp: null, eventTime: '2026-11-22T11:50:00Z' }))).toBe(
      '2026-11-22T11:50:00Z',
    );
    const bare = { metadata: { name: 'b', creationTimestamp: '2026-11-22T11:40:00Z' } };
    expect(eventLastSeen(bare)).toBe('2026-11-22T11:40:00Z');
    expect(eventCount(bare)).toBe(1);
  });
});

describe('eventEvidence', () => {
  it('names type, reason, count and age in the source, the object and message in the text', () => {
    const e = event('b', {
      type: 'Warning',
      reason: 'BackOff',
      count: 14,
      lastTimestamp: '2026-11-22T11:58:00Z',
      message: 'Back-off restarting failed container',
    });
    expect(eventEvidence(e, now)).toEqual({
      source: 'Event Warning/BackOff ×14 (last 2m ago)',
      text: 'Pod/web-1: Back-off restarting failed container',
      at: '2026-11-22T11:58:00Z',
    });
  });

  it('copes with an event that has no type, reason, time or object', () => {
    expect(eventEvidence({ metadata: { name: 'x' } }, now)).toEqual({
      source: 'Event Normal/Unknown',
      text: '',
    });
  });
});

describe('eventsFinding', () => {
  it('is a warning when any event is a Warning, info otherwise, and nothing without events', () => {
    expect(eventsFinding('pod/shop/web-1', [event('w', { type: 'Warning' })], now, 10)?.severity).toBe(
      'warning',
    );
    expect(eventsFinding('pod/shop/web-1', [event('n', { type: 'Normal' })], now, 10)?.severity).toBe('info');
    expect(eventsFinding('pod/shop/web-1', [], now, 10)).toBeUndefined();
  });
});
