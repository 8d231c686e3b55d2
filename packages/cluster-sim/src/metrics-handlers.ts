import type { ServerResponse } from 'node:http';
import type { ResourceRoute } from './api-route.js';
import { methodNotAllowed, objectNotFound } from './errors.js';
import { sendJson } from './http-io.js';
import { compileLabelSelector } from './label-selector.js';
import type { MetricsSource } from './subresources/types.js';

/** Serves metrics.k8s.io/v1beta1 nodes and pods (get and list, read-only) from a metrics source. */
export function handleMetrics(
  method: string | undefined,
  res: ServerResponse,
  route: ResourceRoute,
  query: URLSearchParams,
  source: MetricsSource,
): void {
  if (method !== 'GET' || route.subresource !== undefined) {
    throw methodNotAllowed();
  }
  const { type, namespace, name } = route;
  const matchLabels = compileLabelSelector(query.get('labelSelector') ?? undefined);
  const all = type.plural === 'nodes' ? source.nodeMetrics() : source.podMetrics();
  const items = all.filter(
    (m) =>
      (namespace === undefined || m.metadata.namespace === namespace) &&
      (name === undefined || m.metadata.name === name) &&
      matchLabels(m.metadata.labels),
  );
  if (name !== undefined) {
    const [found] = items;
    if (!found) throw objectNotFound(type, name);
    sendJson(res, 200, found);
    return;
  }
  sendJson(res, 200, { kind: `${type.kind}List`, apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
}
