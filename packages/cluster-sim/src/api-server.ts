import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  aggregatedDiscoveryMediaType,
  apiGroupDiscoveryList,
  wantsAggregatedDiscovery,
} from './aggregated-discovery.js';
import { parseRoute, type ResourceRoute, type Route } from './api-route.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, serverVersion } from './discovery.js';
import { KubeApiError, methodNotAllowed, objectNotFound, resourceNotFound } from './errors.js';
import type { Faults } from './faults.js';
import { sendError, sendJson } from './http-io.js';
import { handleMetrics } from './metrics-handlers.js';
import { openApiV3Document, openApiV3Index } from './openapi.js';
import type { ObjectStore } from './object-store.js';
import { handleResource } from './resource-handlers.js';
import type { MetricsSource, SubresourceContext, SubresourceHandlers } from './subresources/types.js';

/** Everything the API server serves from. */
export interface ApiServerDeps {
  store: ObjectStore;
  faults: Faults;
  /** Pod subresource handlers (log, exec, attach, eviction). */
  subresources: SubresourceHandlers;
  metrics: MetricsSource;
  /** The scenario's raw `sim.yaml` rules, handed to subresource handlers. */
  rules: unknown;
  clock: () => Date;
  /** Interval of BOOKMARK events on watches that allow them; default 15 s. */
  bookmarkIntervalMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers of the fixed paths: version, discovery and OpenAPI documents; undefined when not served. */
function discoveryBody(route: Exclude<Route, { kind: 'resource' | 'health' }>, host: string): unknown {
  switch (route.kind) {
    case 'discovery':
      return route.path === 'version'
        ? serverVersion
        : route.path === 'api'
          ? apiVersions(host)
          : apiGroupList();
    case 'group':
      return apiGroup(route.group);
    case 'resourceList':
      return apiResourceList(route.group, route.version);
    case 'openapi':
      return route.groupVersionPath === undefined
        ? openApiV3Index()
        : openApiV3Document(route.groupVersionPath);
  }
}

/** Pod subresources served by the subresource handlers rather than the CRUD handlers. */
function podSubresource(route: ResourceRoute): boolean {
  return route.type.key === 'pods' && route.subresource !== undefined && route.subresource !== 'status';
}

function subresourceContext(
  deps: ApiServerDeps,
  route: ResourceRoute,
  query: URLSearchParams,
): SubresourceContext {
  const pod = deps.store.get('pods', route.namespace, route.name ?? '');
  if (!pod) throw objectNotFound(route.type, route.name ?? '');
  return { store: deps.store, pod, query, rules: deps.rules, clock: deps.clock };
}

/**
 * Creates (without listening) the HTTP server speaking the Kubernetes REST API: discovery, CRUD, watch,
 * pod subresources (dispatched to `deps.subresources`) and WebSocket upgrades for exec/attach.
 * @example const server = createApiServer(deps); server.listen(0, '127.0.0.1');
 */
export function createApiServer(deps: ApiServerDeps): Server {
  const bookmarkIntervalMs = deps.bookmarkIntervalMs ?? 15_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = parseRoute(url.pathname);
    if (route.kind !== 'resource') {
      if (req.method !== 'GET') throw methodNotAllowed();
      if (route.kind === 'health') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
        return;
      }
      if (
        route.kind === 'discovery' &&
        route.path !== 'version' &&
        wantsAggregatedDiscovery(req.headers.accept)
      ) {
        sendJson(res, 200, apiGroupDiscoveryList(route.path === 'api'), {
          'Content-Type': aggregatedDiscoveryMediaType,
        });
        return;
      }
      const body = discoveryBody(route, req.headers.host ?? 'localhost');
      if (body === undefined) throw resourceNotFound();
      sendJson(res, 200, body);
      return;
    }
    const r = route.route;
    const fault = deps.faults.pickError();
    const { latencyMs } = deps.faults.current();
    if (latencyMs > 0) await sleep(latencyMs);
    if (fault) throw fault;
    if (r.type.group === 'metrics.k8s.io')
      return handleMetrics(req.method, res, r, url.searchParams, deps.metrics);
    if (podSubresource(r)) {
      const handler = deps.subresources.http[r.subresource as string];
      if (!handler) throw resourceNotFound();
      return handler(req, res, subresourceContext(deps, r, url.searchParams));
    }
    return handleResource(req, res, r, url.searchParams, {
      store: deps.store,
      clock: deps.clock,
      bookmarkIntervalMs,
      dropWatchesAfterMs: () => deps.faults.current().dropWatchesAfterMs,
    });
  }

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = parseRoute(url.pathname);
    if (route.kind !== 'resource' || !podSubresource(route.route)) throw resourceNotFound();
    const handler = deps.subresources.upgrade[route.route.subresource as string];
    if (!handler) throw resourceNotFound();
    await handler(req, socket, head, subresourceContext(deps, route.route, url.searchParams));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendError(res, err));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    handleUpgrade(req, socket, head).catch((err: unknown) => {
      const apiError = err instanceof KubeApiError ? err : new KubeApiError('InternalError', String(err));
      const body = JSON.stringify(apiError.toStatus());
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 ${apiError.httpStatus} ${apiError.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
    });
  });
  return server;
}
