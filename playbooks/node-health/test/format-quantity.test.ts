import { describe, expect, it } from 'vitest';
import { formatBytes, formatCores } from '../src/format-quantity.js';

describe('formatting', () => {
  it('prints bytes in the largest binary unit with at most one decimal', () => {
    expect(formatBytes(512 * 2 ** 20)).toBe('512Mi');
    expect(formatBytes(3556 * 2 ** 20)).toBe('3.5Gi');
    expect(formatBytes(0)).toBe('0B');
    expect(formatBytes(301244 * 1024)).toBe('294Mi');
  });

  it('prints whole cores plainly and fractions in millicores', () => {
    expect(formatCores(2)).toBe('2');
    expect(formatCores(0.25)).toBe('250m');
    expect(formatCores(3.86)).toBe('3860m');
  });
});
