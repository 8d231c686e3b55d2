import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { KubeObject } from '../kube-object.js';
import type { ObjectStore } from '../object-store.js';

/**
 * What a pod subresource handler gets: the store, the target pod (already looked up: handlers are only
 * called for existing pods), the query string, the scenario's raw behaviour rules (`sim.yaml`, parsed
 * by scenario-rules.ts) and the clock.
 */
export interface SubresourceContext {
  store: ObjectStore;
  pod: KubeObject;
  /** Decoded query parameters; repeated keys (`command=ls&command=-l`) keep every value in order. */
  query: URLSearchParams;
  /** The scenario's `sim.yaml` as loaded (raw YAML value), undefined when the scenario has none. */
  rules: unknown;
  clock: () => Date;
}

/**
 * Handles one HTTP request on `/api/v1/namespaces/<ns>/pods/<name>/<subresource>`. It must answer
 * (errors as Kubernetes Status objects; throwing a KubeApiError does that for it).
 */
export type SubresourceHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: SubresourceContext,
) => void | Promise<void>;

/**
 * Handles a WebSocket upgrade request (exec/attach with `Upgrade: websocket`). It owns the socket:
 * complete the handshake (e.g. with `ws`'s `WebSocketServer({ noServer: true }).handleUpgrade`) or
 * write an HTTP error and destroy it.
 */
export type SubresourceUpgradeHandler = (
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ctx: SubresourceContext,
) => void | Promise<void>;

/** Handlers by subresource name (`log`, `exec`, `attach`, `eviction`); a missing one answers 404. */
export interface SubresourceHandlers {
  http: Partial<Record<string, SubresourceHandler>>;
  upgrade: Partial<Record<string, SubresourceUpgradeHandler>>;
}

/**
 * Source of metrics.k8s.io/v1beta1 objects (NodeMetrics, PodMetrics), computed on each request.
 * The API server applies name, namespace and label filtering.
 */
export interface MetricsSource {
  nodeMetrics(): KubeObject[];
  podMetrics(): KubeObject[];
}
