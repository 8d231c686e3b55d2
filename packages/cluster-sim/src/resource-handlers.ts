import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceRoute } from './api-route.js';
import { KubeApiError, methodNotAllowed, objectNotFound, resourceNotFound } from './errors.js';
import { sendJson } from './http-io.js';
import { type ResourceCall, type ResourceHandlerDeps, sendObject, viewOf } from './resource-call.js';
import {
  createObject,
  deleteCollection,
  deleteObject,
  patchObject,
  replaceObject,
  serveScale,
} from './resource-writes.js';
import { renderList, renderObject, tableRequest } from './table-view.js';
import { serveWatch } from './watch-stream.js';

export type { ResourceHandlerDeps } from './resource-call.js';

/** GET of one object, a list page, or a watch (`?watch=1`). */
function read(call: ResourceCall): void {
  const { route, deps, query, view } = call;
  const { type, namespace, name } = route;
  const { store } = deps;
  if (name !== undefined) {
    const json = store.getJson(type.storageKey, namespace, name);
    if (json === undefined) throw objectNotFound(type, name);
    sendObject(call, 200, json);
    return;
  }
  if (query.get('watch') === 'true' || query.get('watch') === '1') {
    serveWatch(call.req, call.res, {
      store,
      type,
      namespace,
      query,
      encode: (json) =>
        call.table ? renderObject(type, view.encode(json), deps.clock(), call.table) : view.encode(json),
      dropAfterMs: deps.dropWatchesAfterMs(),
      bookmarkIntervalMs: deps.bookmarkIntervalMs,
    });
    return;
  }
  const limit = Number(query.get('limit') ?? 0);
  if (!Number.isInteger(limit) || limit < 0)
    throw new KubeApiError('BadRequest', `invalid limit: ${query.get('limit')}`);
  const page = store.listJson(type.storageKey, {
    namespace,
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
    limit,
    continue: query.get('continue') || undefined,
  });
  const encoded = { ...page, items: page.items.map(view.encode) };
  sendJson(call.res, 200, renderList(type, encoded, deps.clock(), call.table));
}

/**
 * Serves one resource route: get, list, watch, create, update (PUT), patch, delete and
 * deletecollection, on the object or its `status`, and `scale` for workloads.
 */
export async function handleResource(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  query: URLSearchParams,
  deps: ResourceHandlerDeps,
): Promise<void> {
  const call: ResourceCall = {
    req,
    res,
    route,
    query,
    deps,
    view: viewOf(route.type),
    table: tableRequest(req.headers.accept, query),
  };
  const { name, subresource, type } = route;
  if (subresource === 'scale' && type.subresources.includes('scale') && name !== undefined)
    return serveScale(call, name);
  if (subresource !== undefined && subresource !== 'status') throw methodNotAllowed();
  if (subresource === 'status' && !type.subresources.includes('status')) throw resourceNotFound();
  switch (req.method) {
    case 'GET':
      return read(call);
    case 'POST':
      return createObject(call);
    case 'PUT':
      if (name === undefined) throw methodNotAllowed();
      return replaceObject(call, name);
    case 'PATCH':
      if (name === undefined) throw methodNotAllowed();
      return patchObject(call, name);
    case 'DELETE':
      if (subresource !== undefined) throw methodNotAllowed();
      return name === undefined ? deleteCollection(call) : deleteObject(call, name);
    default:
      throw methodNotAllowed();
  }
}
