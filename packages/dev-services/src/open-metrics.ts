/** One metric family for an OpenMetrics exposition: its samples, each series in time order. */
export interface MetricFamily {
  /** Family name; for a counter without `_total` (samples get the suffix). */
  name: string;
  type: 'gauge' | 'counter';
  help: string;
  series: { labels: Record<string, string>; samples: [unixSeconds: number, value: number][] }[];
}

function labelText(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`,
  );
  return pairs.length > 0 ? `{${pairs.join(',')}}` : '';
}

/**
 * OpenMetrics text (https://prometheus.io/docs/specs/om/open_metrics_spec/) with timestamped samples,
 * as `promtool tsdb create-blocks-from openmetrics` reads it: families one after another, `# EOF` last.
 */
export function openMetricsText(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# TYPE ${family.name} ${family.type}`, `# HELP ${family.name} ${family.help}`);
    const sampleName = family.type === 'counter' ? `${family.name}_total` : family.name;
    for (const series of family.series) {
      const labels = labelText(series.labels);
      for (const [time, value] of series.samples) lines.push(`${sampleName}${labels} ${value} ${time}`);
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}
