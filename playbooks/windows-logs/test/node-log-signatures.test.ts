import { describe, expect, it } from 'vitest';
import { goDurationSeconds, NODE_LOG_SIGNATURES, nodeLogFindings } from '../src/node-log-signatures.js';
import { fixtureText } from './fixtures.js';

const samples = JSON.parse(fixtureText('logs/signature-samples.json')) as Record<
  string,
  { sample: string; nearMiss: string }
>;
const node = 'akswinpool000002';
const findingsFor = (line: string) =>
  nodeLogFindings(node, [{ source: 'C:\\k\\kubelet.err.log', lines: [line] }]);

describe('node log signature catalogue', () => {
  it('has a sample and a near miss for every signature', () => {
    expect(Object.keys(samples).sort()).toEqual(NODE_LOG_SIGNATURES.map((s) => s.id).sort());
  });

  for (const signature of NODE_LOG_SIGNATURES) {
    it(`${signature.id}: the sample triggers exactly that signature and quotes the line`, () => {
      const line = samples[signature.id]?.sample ?? '';
      const findings = findingsFor(line);
      expect(findings.map((f) => f.title)).toEqual([signature.title(node, 1)]);
      expect(findings[0]?.evidence[0]?.text.slice(0, 40)).toBe(line.slice(0, 40));
    });

    it(`${signature.id}: the near miss triggers nothing`, () => {
      expect(findingsFor(samples[signature.id]?.nearMiss ?? '')).toEqual([]);
    });
  }

  it('counts repeated lines and quotes the first and the last', () => {
    const lines = ['a', 'b', 'c'].map((s) => `${samples['pleg-unhealthy']?.sample} ${s}`);
    const [finding] = nodeLogFindings(node, [{ source: 'C:\\k\\kubelet.err.log', lines }]);
    expect(finding?.title).toBe('kubelet on akswinpool000002 reports PLEG is not healthy (3 times)');
    expect(finding?.evidence.map((e) => e.text.slice(-1))).toEqual(['a', 'c']);
  });

  it('reads Go durations as kubelet prints them', () => {
    expect(goDurationSeconds('12m31.402s')).toBeCloseTo(751.402);
    expect(goDurationSeconds('1h2m')).toBe(3720);
    expect(goDurationSeconds('812ms')).toBeCloseTo(0.812);
  });

  it('finds a slow pull in a klog line, where the quotes are escaped, and names events as events', () => {
    const klog =
      'I1107 13:44:51.118302    3104 event.go:389] "Event occurred" object="shop/checkout-7f9c-abcde" kind="Pod" type="Normal" reason="Pulled" message="Successfully pulled image \\"mcr.microsoft.com/windows/servercore:ltsc2019\\" in 9m2s (9m2s including waiting)."';
    expect(findingsFor(klog).map((f) => f.title)).toEqual([
      'Slow image pulls on akswinpool000002: 1 pull took 5 minutes or more',
    ]);
    const [fromEvent] = nodeLogFindings(node, [
      { source: 'Event Pulled shop/checkout-7f9c-abcde', lines: [samples['image-pull-slow']?.sample ?? ''] },
    ]);
    expect(fromEvent?.evidence[0]?.source).toBe('Event Pulled shop/checkout-7f9c-abcde');
  });
});
