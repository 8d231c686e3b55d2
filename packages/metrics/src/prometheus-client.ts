import type { MetricRangeOptions, MetricSeries, Metrics } from '@triage/core';
import { MetricsError, metricsErrorCodes } from './errors.js';
import { type PrometheusResponse, prometheusResponseSchema, toSeries } from './prometheus-response.js';
import { readBoundedText } from './read-bounded-text.js';

/** Credentials for Prometheus (or the proxy in front of it). */
export type PrometheusAuth =
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string };

/** How to reach Prometheus and how much one answer may hold. */
export interface PrometheusClientOptions {
  /** Base URL, e.g. `http://prometheus.monitoring:9090` (a path prefix such as `/prometheus` is kept). */
  url: string;
  auth?: PrometheusAuth;
  /** Per-request timeout, also sent to Prometheus as its query `timeout` (default 15 s). */
  timeoutMs?: number;
  /** More series than this fails with TRIAGE_ERR_METRICS_TOO_MANY_SERIES (default 50). */
  maxSeries?: number;
  /** A range query asking for more points per series than this fails before it is sent (default 1,000). */
  maxPointsPerSeries?: number;
  /** Answers larger than this fail with TRIAGE_ERR_METRICS_BAD_RESPONSE (default 8 MiB). */
  maxResponseBytes?: number;
  /** Injectable for tests; default the global fetch. */
  fetch?: typeof fetch;
}

function baseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MetricsError(
      metricsErrorCodes.badConfig,
      `Prometheus URL is not a URL: ${JSON.stringify(raw)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new MetricsError(
      metricsErrorCodes.badConfig,
      `Prometheus URL must be http(s), got ${url.protocol}`,
    );
  if (url.username || url.password)
    throw new MetricsError(metricsErrorCodes.badConfig, 'put Prometheus credentials in auth, not in the URL');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function authorization(auth: PrometheusAuth | undefined): Record<string, string> {
  if (!auth) return {};
  if (auth.type === 'bearer') return { authorization: `Bearer ${auth.token}` };
  const basic = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
  return { authorization: `Basic ${basic}` };
}

function statusError(status: number, what: string, detail: string): MetricsError {
  const code =
    status === 400 || status === 422
      ? metricsErrorCodes.badQuery
      : status === 401 || status === 403
        ? metricsErrorCodes.unauthorized
        : metricsErrorCodes.serverError;
  return new MetricsError(code, `Prometheus ${what}: HTTP ${status}${detail ? `: ${detail}` : ''}`, {
    status,
  });
}

function parseBody(text: string, status: number, what: string): PrometheusResponse | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = prometheusResponseSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  if (status >= 200 && status < 300) {
    const issue = parsed.error.issues[0];
    throw new MetricsError(
      metricsErrorCodes.badResponse,
      `Prometheus ${what}: unexpected answer at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
      { status },
    );
  }
  return undefined;
}

/**
 * Core's `Metrics` over the Prometheus HTTP API (`POST /api/v1/query_range`, `POST /api/v1/query`):
 * answers are validated with zod, NaN/±Inf samples are dropped, every request has a timeout, and the
 * number of series, points and bytes is bounded. Failures throw a MetricsError with a code; credentials
 * never appear in messages.
 *
 * @example createPrometheusClient({ url: 'http://prometheus:9090', auth: { type: 'bearer', token } })
 */
export function createPrometheusClient(options: PrometheusClientOptions): Metrics {
  const base = baseUrl(options.url);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxSeries = options.maxSeries ?? 50;
  const maxPoints = options.maxPointsPerSeries ?? 1_000;
  const maxBytes = options.maxResponseBytes ?? 8 * 1024 * 1024;
  const doFetch = options.fetch ?? fetch;
  const headers = {
    ...authorization(options.auth),
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };

  async function call(endpoint: 'query' | 'query_range', form: Record<string, string>, signal?: AbortSignal) {
    const what = `${endpoint} ${JSON.stringify(form.query)}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const body = new URLSearchParams({ ...form, timeout: `${Math.ceil(timeoutMs / 1000)}s` });
    let status: number;
    let text: string;
    try {
      const res = await doFetch(new URL(`api/v1/${endpoint}`, base), {
        method: 'POST',
        headers,
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      status = res.status;
      text = await readBoundedText(res, maxBytes);
    } catch (err) {
      if (err instanceof MetricsError) throw new MetricsError(err.code, `Prometheus ${what}: ${err.message}`);
      if (signal?.aborted)
        throw new MetricsError(metricsErrorCodes.aborted, `Prometheus ${what}: cancelled`, { cause: err });
      if (timeout.aborted)
        throw new MetricsError(
          metricsErrorCodes.timeout,
          `Prometheus ${what}: no answer within ${timeoutMs} ms`,
          {
            cause: err,
          },
        );
      throw new MetricsError(
        metricsErrorCodes.unreachable,
        `Prometheus at ${base.origin} unreachable: ${(err as Error).cause ?? (err as Error).message}`,
        { cause: err },
      );
    }
    const answer = parseBody(text, status, what);
    if (answer?.status === 'success' && status >= 200 && status < 300) {
      const series = toSeries(answer.data);
      if (series.length > maxSeries)
        throw new MetricsError(
          metricsErrorCodes.tooManySeries,
          `Prometheus ${what}: ${series.length} series, more than the limit of ${maxSeries}; narrow the query with label matchers or aggregate it`,
        );
      return series;
    }
    const detail = answer?.status === 'error' ? `${answer.errorType}: ${answer.error}` : text.slice(0, 200);
    throw statusError(status, what, detail);
  }

  return {
    async queryRange(promql: string, range: MetricRangeOptions): Promise<MetricSeries[]> {
      const seconds = (range.end.getTime() - range.start.getTime()) / 1000;
      if (!(range.stepSeconds > 0) || !(seconds >= 0))
        throw new MetricsError(
          metricsErrorCodes.badQuery,
          `range query needs start <= end and a positive step (got ${seconds} s, step ${range.stepSeconds} s)`,
        );
      const points = Math.floor(seconds / range.stepSeconds) + 1;
      if (points > maxPoints)
        throw new MetricsError(
          metricsErrorCodes.tooManyPoints,
          `range query of ${seconds} s at step ${range.stepSeconds} s is ${points} points per series, more than the limit of ${maxPoints}; use a step of at least ${Math.ceil(seconds / (maxPoints - 1))} s`,
        );
      const form = {
        query: promql,
        start: String(range.start.getTime() / 1000),
        end: String(range.end.getTime() / 1000),
        step: String(range.stepSeconds),
      };
      return call('query_range', form, range.signal);
    },
    async query(promql, at = {}) {
      return call(
        'query',
        { query: promql, ...(at.time && { time: String(at.time.getTime() / 1000) }) },
        at.signal,
      );
    },
  };
}
