import { describe, expect, it } from 'vitest';
import { formatBytes, scaleFor } from '../src/index.js';

describe('scaleFor', () => {
  it('picks the binary unit that keeps the largest value under 1024', () => {
    expect(scaleFor('bytes', 900)).toEqual({ divisor: 1, label: 'B' });
    expect(scaleFor('bytes', 3.5 * 1024 ** 3)).toEqual({ divisor: 1024 ** 3, label: 'GiB' });
    expect(scaleFor('bytes/s', 20 * 1024 ** 2)).toEqual({ divisor: 1024 ** 2, label: 'MiB/s' });
  });

  it('shows ratios as percent', () => {
    expect(scaleFor('ratio', 0.9)).toEqual({ divisor: 0.01, label: '%' });
  });
});

describe('formatBytes', () => {
  it('writes a byte count in the unit that suits it', () => {
    expect(formatBytes(3.5 * 1024 ** 3)).toBe('3.50 GiB');
    expect(formatBytes(100 * 1024 ** 2)).toBe('100 MiB');
    expect(formatBytes(512)).toBe('512 B');
  });
});
