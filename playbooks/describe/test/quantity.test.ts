import { describe, expect, it } from 'vitest';
import { formatBytes, formatCpu, parseQuantity } from '../src/quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['250m', 0.25],
    ['1.5', 1.5],
    ['2', 2],
    ['128Mi', 128 * 2 ** 20],
    ['12880488Ki', 12880488 * 1024],
    ['1G', 1e9],
    ['1e3', 1000],
    ['100n', 1e-7],
  ])('reads %s', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  it.each(['', 'lots', '12XB', '1Zi', '-', undefined])('refuses %s', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

describe('formatting', () => {
  it('prints bytes in binary units and cpu in millicores', () => {
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.5Gi');
    expect(formatBytes(640 * 2 ** 20)).toBe('640Mi');
    expect(formatBytes(512)).toBe('512');
    expect(formatCpu(1.25)).toBe('1250m');
  });
});
