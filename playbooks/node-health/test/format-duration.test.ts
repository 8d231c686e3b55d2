import { describe, expect, it } from 'vitest';
import { agoText, formatDuration, msSince } from '../src/format-duration.js';

describe('formatDuration', () => {
  it.each([
    [45_000, '45s'],
    [14 * 60_000 + 30_000, '14m'],
    [125 * 60_000, '2h5m'],
    [2 * 3_600_000, '2h'],
    [76 * 3_600_000, '3d4h'],
    [-5_000, '0s'],
  ])('says %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('measures from an RFC 3339 timestamp to now, and says so when the timestamp is missing or bad', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    expect(msSince('2026-11-22T11:46:00Z', now)).toBe(14 * 60_000);
    expect(agoText('2026-11-22T11:46:00Z', now)).toBe('14m ago');
    expect(msSince('yesterday', now)).toBeUndefined();
    expect(agoText(undefined, now)).toBe('at an unknown time');
  });
});
