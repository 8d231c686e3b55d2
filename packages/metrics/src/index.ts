export { isRetryableMetricsError, MetricsError, type MetricsErrorCode, metricsErrorCodes } from './errors.js';
export {
  createPrometheusClient,
  type PrometheusAuth,
  type PrometheusClientOptions,
} from './prometheus-client.js';
