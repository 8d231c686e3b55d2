import { ChartError, chartErrorCodes } from './errors.js';
import { scaleFor, type ValueUnit } from './value-scale.js';

/** One named line: `[unix seconds, value]` points, as core's MetricSeries carries them. */
export interface ChartSeries {
  name: string;
  points: readonly (readonly [time: number, value: number])[];
}

/** A moment worth pointing at on the time axis (the OOM kill, the NotReady transition). */
export interface ChartMarker {
  at: Date;
  label: string;
}

/** What to draw: a time-series line chart in UTC. */
export interface LineChart {
  title: string;
  /** Axis title without the unit, e.g. `memory available`; the unit is appended (`(GiB)`). */
  yTitle: string;
  unit: ValueUnit;
  series: readonly ChartSeries[];
  markers?: readonly ChartMarker[];
  /** Pins the y axis to start at zero (default true). */
  zero?: boolean;
  /** Plot size in CSS pixels before the PNG scale (default 720 × 280). */
  width?: number;
  height?: number;
}

/** Limits that keep one chart's render small and quick. */
export const LINE_CHART_LIMITS = { series: 12, pointsPerSeries: 2_000, markers: 12 } as const;

function check(chart: LineChart): void {
  const problem =
    chart.series.length === 0
      ? 'it has no series'
      : chart.series.every((s) => s.points.length === 0)
        ? 'its series have no points'
        : chart.series.length > LINE_CHART_LIMITS.series
          ? `it has ${chart.series.length} series (at most ${LINE_CHART_LIMITS.series})`
          : chart.series.some((s) => s.points.length > LINE_CHART_LIMITS.pointsPerSeries)
            ? `a series has more than ${LINE_CHART_LIMITS.pointsPerSeries} points`
            : (chart.markers?.length ?? 0) > LINE_CHART_LIMITS.markers
              ? `it has more than ${LINE_CHART_LIMITS.markers} markers`
              : undefined;
  if (problem)
    throw new ChartError(chartErrorCodes.badChart, `cannot draw chart "${chart.title}": ${problem}`);
}

/**
 * The Vega-Lite spec of a line chart: one coloured line per series (legend names them), values scaled
 * to a readable unit, UTC time axis, dashed red rules with labels at the markers. Pure.
 */
export function lineChartSpec(chart: LineChart): Record<string, unknown> {
  check(chart);
  const max = Math.max(...chart.series.flatMap((s) => s.points.map(([, v]) => Math.abs(v))));
  const scale = scaleFor(chart.unit, max);
  const values = chart.series.flatMap((s) =>
    s.points.map(([t, v]) => ({ series: s.name, time: t * 1000, value: v / scale.divisor })),
  );
  // Each label on its own line from the top, so that markers minutes apart stay readable.
  const markers = (chart.markers ?? []).map((m, i) => ({
    time: m.at.getTime(),
    label: m.label,
    row: 2 + i * 16,
  }));
  const x = {
    field: 'time',
    type: 'temporal',
    scale: { type: 'utc' },
    axis: { title: 'time (UTC)', format: '%H:%M' },
  };
  const layers: Record<string, unknown>[] = [
    {
      data: { values },
      mark: { type: 'line', strokeWidth: 2, interpolate: 'linear' },
      encoding: {
        x,
        y: {
          field: 'value',
          type: 'quantitative',
          scale: { zero: chart.zero ?? true },
          axis: { title: `${chart.yTitle} (${scale.label})` },
        },
        color: {
          field: 'series',
          type: 'nominal',
          legend: { title: null, orient: 'bottom', labelLimit: 480 },
        },
      },
    },
  ];
  if (markers.length > 0)
    layers.push(
      {
        data: { values: markers },
        mark: { type: 'rule', color: '#c0392b', strokeDash: [4, 3] },
        encoding: { x },
      },
      {
        data: { values: markers },
        mark: { type: 'text', color: '#c0392b', align: 'left', baseline: 'top', dx: 3 },
        encoding: { x, y: { field: 'row', type: 'quantitative', scale: null }, text: { field: 'label' } },
      },
    );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title, anchor: 'start' },
    width: chart.width ?? 720,
    height: chart.height ?? 280,
    background: 'white',
    padding: 12,
    layer: layers,
  };
}
