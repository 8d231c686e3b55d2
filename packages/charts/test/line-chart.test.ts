import { describe, expect, it } from 'vitest';
import { ChartError, chartErrorCodes, LINE_CHART_LIMITS, lineChartSpec } from '../src/index.js';

const base = { title: 'CPU', yTitle: 'busy', unit: 'ratio' as const };

describe('lineChartSpec', () => {
  it('scales ratios to percent and times to milliseconds', () => {
    const spec = lineChartSpec({ ...base, series: [{ name: 'n1', points: [[1795100400, 0.25]] }] });
    const layer = (
      spec.layer as { data: { values: unknown[] }; encoding: { y: { axis: { title: string } } } }[]
    )[0];
    expect(layer?.data.values).toEqual([{ series: 'n1', time: 1795100400000, value: 25 }]);
    expect(layer?.encoding.y.axis.title).toBe('busy (%)');
  });

  it('adds a rule and a label layer only when there are markers', () => {
    const series = [{ name: 'n1', points: [[1795100400, 1]] as [number, number][] }];
    expect((lineChartSpec({ ...base, series }).layer as unknown[]).length).toBe(1);
    const marked = lineChartSpec({ ...base, series, markers: [{ at: new Date(0), label: 'OOM kill' }] });
    expect((marked.layer as unknown[]).length).toBe(3);
  });

  it.each([
    ['no series', [], 'it has no series'],
    ['empty series', [{ name: 'n1', points: [] }], 'its series have no points'],
    [
      'too many series',
      Array.from({ length: LINE_CHART_LIMITS.series + 1 }, (_, i) => ({ name: `n${i}`, points: [[0, 1]] })),
      `at most ${LINE_CHART_LIMITS.series}`,
    ],
    [
      'too many points',
      [
        {
          name: 'n1',
          points: Array.from({ length: LINE_CHART_LIMITS.pointsPerSeries + 1 }, (_, i) => [i, 1]),
        },
      ],
      'more than',
    ],
  ])('refuses a chart with %s, saying why', (_, series, message) => {
    let err: unknown;
    try {
      lineChartSpec({ ...base, series: series as never });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ChartError);
    expect((err as ChartError).code).toBe(chartErrorCodes.badChart);
    expect((err as ChartError).message).toContain(message);
  });
});
