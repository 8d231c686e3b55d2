import { describe, expect, it } from 'vitest';
import { klogTime, MAX_QUOTED_LINE, redactLine, splitSections } from '../src/log-sections.js';
import { fixtureText } from './fixtures.js';

describe('collector output', () => {
  it('splits the output into one section per ==> header', () => {
    const sections = splitSections(fixtureText('logs/collector-output.txt'));
    expect(sections.map((s) => [s.source, s.lines.length])).toEqual([
      ['C:\\k\\kubelet.err.log', 1],
      ['C:\\k\\kubeproxy.err.log', 2],
      ['Get-HnsEndpoint', 18],
    ]);
  });

  it('keeps text before any header as a collector section and ignores empty headers', () => {
    const sections = splitSections('starting\r\n==> <==\nline\n');
    expect(sections.map((s) => [s.source, s.lines])).toEqual([
      ['collector', ['starting', '==> <==', 'line']],
    ]);
  });

  it('masks tokens and passwords and caps long lines', () => {
    const line = splitSections(fixtureText('logs/hostile.txt'))[1]?.lines[0] ?? '';
    const redacted = redactLine(line);
    expect(redacted).not.toContain('eyJhbGci');
    expect(redacted).not.toContain('hunter2');
    expect(redacted).toContain('0x1392');
    expect(redactLine('x'.repeat(5000))).toHaveLength(MAX_QUOTED_LINE + 1);
  });

  it('reads klog times and nothing else', () => {
    expect(klogTime('E1107 14:02:10.204118    2980 proxier.go:1398] "x"')).toBe('11-07 14:02:10');
    expect(klogTime('time="2026-11-07T13:58:02Z" level=error')).toBeUndefined();
  });
});
