import { describe, expect, it } from 'vitest';
import { formatBytes, formatCores, parseQuantity } from '../src/quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['512Mi', 512 * 2 ** 20],
    ['12880168Ki', 12880168 * 1024],
    ['13124436Ki', 13124436 * 1024],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['2G', 2e9],
    ['250m', 0.25],
    ['4', 4],
    ['119703055367', 119703055367],
    ['1e3', 1000],
    ['2k', 2000],
    ['100M', 1e8],
    ['3120n', 3.12e-6],
  ])('reads %s in base units', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  it.each([undefined, '', 'lots', '5Xi', '1.2.3Mi', '9e999'])(
    'answers undefined for %s, which is not a finite quantity',
    (text) => {
      expect(parseQuantity(text)).toBeUndefined();
    },
  );
});

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
