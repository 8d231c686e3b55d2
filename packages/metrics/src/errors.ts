/** Error codes of @triage/metrics. */
export const metricsErrorCodes = {
  /** The client was configured with something unusable (URL, limits). */
  badConfig: 'TRIAGE_ERR_METRICS_BAD_CONFIG',
  /** Prometheus rejected the query (HTTP 400/422: bad PromQL, bad parameters). */
  badQuery: 'TRIAGE_ERR_METRICS_BAD_QUERY',
  /** Prometheus refused the credentials (HTTP 401/403). */
  unauthorized: 'TRIAGE_ERR_METRICS_UNAUTHORIZED',
  /** Prometheus failed or is unavailable (HTTP 5xx, 503 while starting, other statuses). */
  serverError: 'TRIAGE_ERR_METRICS_SERVER_ERROR',
  /** No HTTP answer at all (connection refused, DNS, TLS). */
  unreachable: 'TRIAGE_ERR_METRICS_UNREACHABLE',
  /** No answer within the client's timeout. */
  timeout: 'TRIAGE_ERR_METRICS_TIMEOUT',
  /** The caller's AbortSignal fired (playbook deadline or cancellation). */
  aborted: 'TRIAGE_ERR_METRICS_ABORTED',
  /** The answer is not the documented JSON shape, or is larger than the byte limit. */
  badResponse: 'TRIAGE_ERR_METRICS_BAD_RESPONSE',
  /** The query would return more series than the limit; narrow it with label matchers. */
  tooManySeries: 'TRIAGE_ERR_METRICS_TOO_MANY_SERIES',
  /** The window divided by the step is more points than the limit; use a larger step. */
  tooManyPoints: 'TRIAGE_ERR_METRICS_TOO_MANY_POINTS',
} as const;

export type MetricsErrorCode = (typeof metricsErrorCodes)[keyof typeof metricsErrorCodes];

/** A Prometheus query failure, with a code saying which and the HTTP status when there was one. */
export class MetricsError extends Error {
  override readonly name = 'MetricsError';
  readonly code: MetricsErrorCode;
  readonly status: number | undefined;

  constructor(code: MetricsErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.code = code;
    this.status = options?.status;
  }
}

const retryableCodes: ReadonlySet<MetricsErrorCode> = new Set([
  metricsErrorCodes.serverError,
  metricsErrorCodes.unreachable,
  metricsErrorCodes.timeout,
]);

/** True for failures a later attempt may not meet (Prometheus down, busy or slow). */
export function isRetryableMetricsError(err: unknown): boolean {
  return err instanceof MetricsError && retryableCodes.has(err.code);
}
