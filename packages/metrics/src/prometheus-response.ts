import type { MetricSeries } from '@triage/core';
import { z } from 'zod';

/** A sample as the API sends it: `[unix seconds, "value"]` (values are strings: `"NaN"`, `"+Inf"` occur). */
const sampleSchema = z.tuple([z.number(), z.string()]);
const labelsSchema = z.record(z.string(), z.string());

const dataSchema = z.discriminatedUnion('resultType', [
  z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: labelsSchema, values: z.array(sampleSchema) })),
  }),
  z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: labelsSchema, value: sampleSchema })),
  }),
  z.object({ resultType: z.literal('scalar'), result: sampleSchema }),
  z.object({ resultType: z.literal('string'), result: sampleSchema }),
]);

/** The envelope of every `/api/v1/query*` answer (https://prometheus.io/docs/prometheus/latest/querying/api/). */
export const prometheusResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: dataSchema, warnings: z.array(z.string()).optional() }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
]);

export type PrometheusResponse = z.infer<typeof prometheusResponseSchema>;
export type PrometheusData = z.infer<typeof dataSchema>;

function toPoints(samples: readonly (readonly [number, string])[]): [number, number][] {
  const points: [number, number][] = [];
  for (const [time, raw] of samples) {
    const value = Number(raw);
    // NaN and ±Inf cannot travel in JSON findings and draw no line: a gap says the same.
    if (Number.isFinite(value)) points.push([time, value]);
  }
  return points;
}

/** Turns validated `data` into series; a scalar becomes one series without labels, a string none. */
export function toSeries(data: PrometheusData): MetricSeries[] {
  switch (data.resultType) {
    case 'matrix':
      return data.result.map((s) => ({ labels: s.metric, points: toPoints(s.values) }));
    case 'vector':
      return data.result.map((s) => ({ labels: s.metric, points: toPoints([s.value]) }));
    case 'scalar':
      return [{ labels: {}, points: toPoints([data.result]) }];
    case 'string':
      return [];
  }
}
