import { describe, expect, it } from 'vitest';
import { filterLogText, kubeletTimestamp } from '../src/pod-log-text.js';

const text = [
  'booting',
  '2025-03-04T08:00:00.000Z first',
  '  continuation of first',
  '2025-03-04T08:10:00.000Z second',
  '2025-03-04T08:20:00.500Z third',
].join('\n');
const defaultTime = Date.parse('2025-03-04T07:00:00Z');

describe('filterLogText', () => {
  it('returns every line with a trailing newline by default', () => {
    expect(filterLogText(text, { defaultTime })).toBe(`${text}\n`);
    expect(filterLogText('', { defaultTime })).toBe('');
  });

  it('keeps the last tailLines lines', () => {
    expect(filterLogText(text, { defaultTime, tailLines: 2 })).toBe(
      '2025-03-04T08:10:00.000Z second\n2025-03-04T08:20:00.500Z third\n',
    );
    expect(filterLogText(text, { defaultTime, tailLines: 0 })).toBe('');
  });

  it('drops lines older than since, timing untimed lines by the line before', () => {
    const since = Date.parse('2025-03-04T08:00:00Z');
    expect(filterLogText(text, { defaultTime, sinceMs: since }).split('\n')).toEqual([
      '2025-03-04T08:00:00.000Z first',
      '  continuation of first',
      '2025-03-04T08:10:00.000Z second',
      '2025-03-04T08:20:00.500Z third',
      '',
    ]);
  });

  it('prefixes kubelet timestamps with nine fraction digits and truncates to limitBytes', () => {
    expect(filterLogText('hello', { defaultTime, timestamps: true })).toBe(
      '2025-03-04T07:00:00.000000000Z hello\n',
    );
    expect(filterLogText(text, { defaultTime, limitBytes: 4 })).toBe('boot');
    expect(kubeletTimestamp(Date.parse('2025-03-04T08:20:00.5Z'))).toBe('2025-03-04T08:20:00.500000000Z');
  });
});
