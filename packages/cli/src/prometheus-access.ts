import type { Metrics } from '@triage/core';
import { createPrometheusClient, type PrometheusAuth } from '@triage/metrics';
import type { TriageConfig } from './config.js';

function auth(settings: TriageConfig['prometheus']): PrometheusAuth | undefined {
  if (settings.bearerToken) return { type: 'bearer', token: settings.bearerToken };
  if (settings.username && settings.password)
    return { type: 'basic', username: settings.username, password: settings.password };
  return undefined;
}

/** `{ metrics }` for the playbook context when a Prometheus URL is configured, `{}` otherwise. */
export function createPrometheusAccess(settings: TriageConfig['prometheus']): { metrics?: Metrics } {
  if (!settings.url) return {};
  const credentials = auth(settings);
  return {
    metrics: createPrometheusClient({
      url: settings.url,
      timeoutMs: settings.timeoutMs,
      ...(credentials && { auth: credentials }),
    }),
  };
}
