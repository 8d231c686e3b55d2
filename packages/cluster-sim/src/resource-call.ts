import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceRoute } from './api-route.js';
import { KubeApiError } from './errors.js';
import { fromEventsV1, toEventsV1 } from './event-conversion.js';
import { sendJson } from './http-io.js';
import { isPlainObject, type KubeObject } from './kube-object.js';
import type { ObjectStore } from './object-store.js';
import { apiVersionOf, type ResourceType } from './resource-types.js';
import { type IncludeObject, renderObject } from './table-view.js';

/** What the resource handlers need from the server. */
export interface ResourceHandlerDeps {
  store: ObjectStore;
  dropWatchesAfterMs: () => number;
  bookmarkIntervalMs: number;
  clock: () => Date;
}

/** How one endpoint shows stored objects: events.k8s.io is a converted view of core events. */
export interface View {
  encode(json: string): string;
  decode(obj: KubeObject): KubeObject;
}
const plainView: View = { encode: (json) => json, decode: (obj) => obj };
const eventsV1View: View = {
  encode: (json) => JSON.stringify(toEventsV1(JSON.parse(json) as KubeObject)),
  decode: fromEventsV1,
};

/** One request on a resource route, with what every handler needs. */
export interface ResourceCall {
  req: IncomingMessage;
  res: ServerResponse;
  route: ResourceRoute;
  query: URLSearchParams;
  deps: ResourceHandlerDeps;
  view: View;
  /** The `meta.k8s.io/v1` Table form the client asked for (kubectl get); undefined for plain JSON. */
  table: IncludeObject | undefined;
}

export function viewOf(type: ResourceType): View {
  return type.group === 'events.k8s.io' ? eventsV1View : plainView;
}

/** Answers one object in the endpoint's view, as a Table row when the client asked for tables. */
export function sendObject(call: ResourceCall, status: number, obj: KubeObject | string): void {
  const json = call.view.encode(typeof obj === 'string' ? obj : JSON.stringify(obj));
  sendJson(
    call.res,
    status,
    call.table ? renderObject(call.route.type, json, call.deps.clock(), call.table) : json,
  );
}

/** `dryRun=All` from the query or a DeleteOptions body; other values answer 400. */
export function dryRunOf(query: URLSearchParams, body?: unknown): boolean {
  const values = query.getAll('dryRun');
  if (isPlainObject(body) && Array.isArray(body.dryRun)) values.push(...(body.dryRun as string[]));
  for (const v of values) {
    if (v !== 'All') throw new KubeApiError('BadRequest', `Invalid dryRun value: "${v}" (supported: "All")`);
  }
  return values.length > 0;
}

/** A request body that must be an object of the route's kind (apiVersion and kind may be omitted). */
export function requireObject(body: unknown, type: ResourceType): KubeObject {
  if (!isPlainObject(body))
    throw new KubeApiError('BadRequest', `the request body must be a ${type.kind} object`);
  if (!isPlainObject(body.metadata)) body.metadata = {};
  if (
    (body.kind !== undefined && body.kind !== type.kind) ||
    (body.apiVersion !== undefined && body.apiVersion !== apiVersionOf(type))
  ) {
    throw new KubeApiError(
      'BadRequest',
      `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersionOf(type)}) or kind (${String(body.kind)}) is not ${type.kind}`,
    );
  }
  return body as KubeObject;
}

/** The body's namespace must match the path's; an absent one takes the path's. */
export function checkNamespace(route: ResourceRoute, obj: KubeObject): void {
  if (!route.type.namespaced) return;
  const given = obj.metadata.namespace;
  if (given && given !== route.namespace) {
    throw new KubeApiError(
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  obj.metadata.namespace = route.namespace;
}

export const unsupportedPatch = () =>
  new KubeApiError(
    'UnsupportedMediaType',
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json',
  );
