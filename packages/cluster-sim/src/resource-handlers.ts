import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceRoute } from './api-route.js';
import { KubeApiError } from './errors.js';
import { fromEventsV1, toEventsV1 } from './event-conversion.js';
import { readBody, sendJson } from './http-io.js';
import { isPlainObject, type KubeObject } from './kube-object.js';
import type { ObjectStore } from './object-store.js';
import { patchTypeOf } from './patch.js';
import { apiVersionOf, type ResourceType } from './resource-types.js';
import { changeScale, scaleOf } from './scale-subresource.js';
import { type ListRenderer, renderList, renderObject, wantsTable } from './table-view.js';
import { serveWatch } from './watch-stream.js';

/** What the CRUD handlers need from the server. */
export interface ResourceHandlerDeps {
  store: ObjectStore;
  dropWatchesAfterMs: () => number;
  bookmarkIntervalMs: number;
  clock: () => Date;
}

/** How one endpoint shows stored objects: events.k8s.io is a converted view of core events. */
interface View {
  encode(json: string): string;
  decode(obj: KubeObject): KubeObject;
}
const plainView: View = { encode: (json) => json, decode: (obj) => obj };
const eventsV1View: View = {
  encode: (json) => JSON.stringify(toEventsV1(JSON.parse(json) as KubeObject)),
  decode: fromEventsV1,
};
const viewOf = (type: ResourceType): View => (type.group === 'events.k8s.io' ? eventsV1View : plainView);

/** Kinds whose DELETE answers the deleted object; the others answer a Success Status. */
const returnsDeletedObject = new Set(['pods', 'services', 'namespaces']);

const unsupportedPatch = () =>
  new KubeApiError(
    'UnsupportedMediaType',
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json',
  );

const methodNotAllowed = () =>
  new KubeApiError('MethodNotAllowed', 'the server does not allow this method on the requested resource');

function dryRunOf(query: URLSearchParams, body?: unknown): boolean {
  const values = query.getAll('dryRun');
  if (isPlainObject(body) && Array.isArray(body.dryRun)) values.push(...(body.dryRun as string[]));
  for (const v of values)
    if (v !== 'All') throw new KubeApiError('BadRequest', `Invalid dryRun value: "${v}" (supported: "All")`);
  return values.length > 0;
}

function requireObject(body: unknown, type: ResourceType): KubeObject {
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

function checkNamespace(route: ResourceRoute, obj: KubeObject): void {
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

/** Serves get, list, watch, create, update (PUT), patch and delete for one resource route. */
export async function handleResource(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  query: URLSearchParams,
  deps: ResourceHandlerDeps,
): Promise<void> {
  const { type, namespace, name, subresource } = route;
  const { store } = deps;
  const view = viewOf(type);
  const storage = type.storageKey;
  if (subresource === 'scale' && type.subresources.includes('scale') && name !== undefined) {
    return handleScale(req, res, route, name, query, store);
  }
  if (subresource !== undefined && subresource !== 'status') throw methodNotAllowed();
  if (subresource === 'status' && !type.subresources.includes('status')) {
    throw new KubeApiError('NotFound', 'the server could not find the requested resource');
  }
  const table = wantsTable(req.headers.accept);
  const sendObject = (status: number, obj: KubeObject | string) => {
    const json = view.encode(typeof obj === 'string' ? obj : JSON.stringify(obj));
    sendJson(res, status, table ? renderObject(type, json, deps.clock()) : json);
  };
  switch (req.method) {
    case 'GET': {
      if (name !== undefined) {
        const json = store.getJson(storage, namespace, name);
        if (json === undefined) throw notFoundFor(type, name);
        return sendObject(200, json);
      }
      const renderer: ListRenderer = table ? 'table' : 'plain';
      if (query.get('watch') === 'true' || query.get('watch') === '1') {
        return serveWatch(req, res, {
          store,
          type,
          namespace,
          query,
          encode: (json) =>
            renderer === 'table' ? renderObject(type, view.encode(json), deps.clock()) : view.encode(json),
          dropAfterMs: deps.dropWatchesAfterMs(),
          bookmarkIntervalMs: deps.bookmarkIntervalMs,
        });
      }
      const limit = Number(query.get('limit') ?? 0);
      if (!Number.isInteger(limit) || limit < 0)
        throw new KubeApiError('BadRequest', `invalid limit: ${query.get('limit')}`);
      const page = store.listJson(storage, {
        namespace,
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
        limit,
        continue: query.get('continue') || undefined,
      });
      return sendJson(
        res,
        200,
        renderList(renderer, type, { ...page, items: page.items.map(view.encode) }, deps.clock()),
      );
    }
    case 'POST': {
      if (name !== undefined || (type.namespaced && namespace === undefined)) throw methodNotAllowed();
      const obj = requireObject(view.decode(requireObject(await readBody(req), type)), type);
      checkNamespace(route, obj);
      if (type.namespaced && !store.getJson('namespaces', undefined, namespace as string)) {
        throw notFoundFor({ plural: 'namespaces', group: '' }, namespace as string);
      }
      return sendObject(201, store.create(storage, obj, { dryRun: dryRunOf(query) }));
    }
    case 'PUT': {
      if (name === undefined) throw methodNotAllowed();
      const obj = requireObject(view.decode(requireObject(await readBody(req), type)), type);
      checkNamespace(route, obj);
      if (obj.metadata.name !== name) {
        throw new KubeApiError(
          'BadRequest',
          `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
        );
      }
      const subresourceOption = subresource === 'status' ? ('status' as const) : undefined;
      return sendObject(
        200,
        store.update(storage, obj, { dryRun: dryRunOf(query), subresource: subresourceOption }),
      );
    }
    case 'PATCH': {
      if (name === undefined) throw methodNotAllowed();
      const patchType = patchTypeOf(req.headers['content-type']);
      if (!patchType) throw unsupportedPatch();
      const body = await readBody(req);
      const subresourceOption = subresource === 'status' ? ('status' as const) : undefined;
      return sendObject(
        200,
        store.patch(storage, namespace, name, patchType, body, {
          dryRun: dryRunOf(query),
          subresource: subresourceOption,
        }),
      );
    }
    case 'DELETE': {
      if (subresource !== undefined) throw methodNotAllowed();
      if (name === undefined) return deleteCollection(req, res, route, query, store, view);
      const body = await readBody(req);
      const preconditions =
        isPlainObject(body) && isPlainObject(body.preconditions) ? body.preconditions : undefined;
      const deleted = store.delete(storage, namespace, name, {
        dryRun: dryRunOf(query, body),
        preconditions,
      });
      if (returnsDeletedObject.has(type.key)) return sendObject(200, deleted);
      return sendJson(res, 200, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name, group: type.group || undefined, kind: type.plural, uid: deleted.metadata.uid },
      });
    }
    default:
      throw methodNotAllowed();
  }
}

/**
 * DELETE on a collection (`deletecollection`, e.g. a janitor removing labelled pods): deletes every
 * object the label and field selectors match and answers the list of deleted objects.
 */
async function deleteCollection(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  query: URLSearchParams,
  store: ObjectStore,
  view: View,
): Promise<void> {
  const { type, namespace } = route;
  if (!type.verbs.includes('deletecollection')) throw methodNotAllowed();
  const dryRun = dryRunOf(query, await readBody(req));
  const matched = store.list(type.storageKey, {
    namespace,
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
  });
  const deleted = matched.items.map((obj) =>
    store.delete(type.storageKey, obj.metadata.namespace, obj.metadata.name ?? '', { dryRun }),
  );
  const items = deleted.map((obj) => view.encode(JSON.stringify(obj)));
  const page = { items, resourceVersion: store.resourceVersion() };
  sendJson(res, 200, renderList('plain', type, page, new Date()));
}

/** `kubectl scale`: GET, PUT and PATCH of `<workload>/scale` (autoscaling/v1 Scale). */
async function handleScale(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  name: string,
  query: URLSearchParams,
  store: ObjectStore,
): Promise<void> {
  const { type, namespace } = route;
  if (req.method === 'GET') {
    const workload = store.get(type.storageKey, namespace, name);
    if (!workload) throw notFoundFor(type, name);
    return sendJson(res, 200, scaleOf(workload));
  }
  if (req.method === 'PUT') {
    return sendJson(
      res,
      200,
      changeScale(store, type, namespace, name, { put: await readBody(req) }, dryRunOf(query)),
    );
  }
  if (req.method === 'PATCH') {
    const patchType = patchTypeOf(req.headers['content-type']);
    if (!patchType) throw unsupportedPatch();
    const patch = await readBody(req);
    return sendJson(
      res,
      200,
      changeScale(store, type, namespace, name, { patchType, patch }, dryRunOf(query)),
    );
  }
  throw methodNotAllowed();
}

/** NotFound as the API words it: `pods "x" not found`, `deployments.apps "x" not found`. */
export function notFoundFor(type: Pick<ResourceType, 'plural' | 'group'>, name: string): KubeApiError {
  const resource = type.group === '' ? type.plural : `${type.plural}.${type.group}`;
  return new KubeApiError('NotFound', `${resource} "${name}" not found`, {
    name,
    group: type.group || undefined,
    kind: type.plural,
  });
}
