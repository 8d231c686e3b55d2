import { describe, expect, it } from 'vitest';
import { summariseNodeEvents } from '../src/node-events.js';
import { eventsFixture, fixtureItems } from './fixtures.js';

describe('summariseNodeEvents', () => {
  it('orders the events by last occurrence and counts OOM kills once (OOMKilling and SystemOOM report the same kill)', () => {
    const summary = summariseNodeEvents(eventsFixture('events-node'));
    expect(summary.timeline.map((e) => e.reason)).toEqual([
      'Rebooted',
      'NodeReady',
      'EvictionThresholdMet',
      'ImageGCFailed',
      'OOMKilling',
      'SystemOOM',
      'NodeNotReady',
    ]);
    expect(summary.oomKills).toBe(6);
    expect(summary.oomVictims).toEqual(['java']);
    expect(summary.reclaiming).toEqual(['memory']);
    expect(summary.reboots).toBe(1);
    expect(summary.notReadyTransitions).toBe(1);
  });

  it('reads events.k8s.io-style events (eventTime and series, null timestamps)', () => {
    const gc = summariseNodeEvents(eventsFixture('events-node')).imageGcFailure;
    expect(gc).toMatchObject({
      reason: 'ImageGCFailed',
      count: 4,
      last: '2026-11-22T11:40:00.000000Z',
      component: 'kubelet',
    });
  });

  it('skips malformed events and survives hostile messages', () => {
    const raw = fixtureItems('events-hostile');
    const parsed = eventsFixture('events-hostile');
    expect(parsed.length).toBeLessThan(raw.length);
    const summary = summariseNodeEvents(parsed);
    expect(summary.oomKills).toBe(1);
    expect(summary.oomVictims).toEqual([]);
    expect(summary.reclaiming).toEqual([]);
  });

  it('summarises no events as nothing', () => {
    expect(summariseNodeEvents([])).toMatchObject({
      timeline: [],
      oomKills: 0,
      reboots: 0,
      imageGcFailure: undefined,
    });
  });
});
