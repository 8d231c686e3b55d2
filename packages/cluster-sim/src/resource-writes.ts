import { KubeApiError, methodNotAllowed, objectNotFound } from './errors.js';
import { readBody, sendJson } from './http-io.js';
import { isPlainObject } from './kube-object.js';
import { patchTypeOf } from './patch.js';
import {
  checkNamespace,
  dryRunOf,
  type ResourceCall,
  requireObject,
  sendObject,
  unsupportedPatch,
} from './resource-call.js';
import { changeScale, scaleOf } from './scale-subresource.js';
import { renderList } from './table-view.js';

/** Kinds whose DELETE answers the deleted object; the others answer a Success Status. */
const returnsDeletedObject = new Set(['pods', 'services', 'namespaces']);

const statusOption = (call: ResourceCall) =>
  call.route.subresource === 'status' ? ('status' as const) : undefined;

/** POST on a collection: create (201), in a namespace that must exist. */
export async function createObject(call: ResourceCall): Promise<void> {
  const { route, deps, view, query } = call;
  const { type, namespace } = route;
  if (route.name !== undefined || (type.namespaced && namespace === undefined)) throw methodNotAllowed();
  const obj = requireObject(view.decode(requireObject(await readBody(call.req), type)), type);
  checkNamespace(route, obj);
  if (type.namespaced && !deps.store.getJson('namespaces', undefined, namespace as string)) {
    throw objectNotFound({ plural: 'namespaces', group: '' }, namespace as string);
  }
  sendObject(call, 201, deps.store.create(type.storageKey, obj, { dryRun: dryRunOf(query) }));
}

/** PUT on an object or its status: replace (a stale resourceVersion answers 409 Conflict). */
export async function replaceObject(call: ResourceCall, name: string): Promise<void> {
  const { route, deps, view, query } = call;
  const obj = requireObject(view.decode(requireObject(await readBody(call.req), route.type)), route.type);
  checkNamespace(route, obj);
  if (obj.metadata.name !== name) {
    throw new KubeApiError(
      'BadRequest',
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  const updated = deps.store.update(route.type.storageKey, obj, {
    dryRun: dryRunOf(query),
    subresource: statusOption(call),
  });
  sendObject(call, 200, updated);
}

/** PATCH on an object or its status: merge, JSON or strategic merge patch by Content-Type. */
export async function patchObject(call: ResourceCall, name: string): Promise<void> {
  const { route, deps, query } = call;
  const patchType = patchTypeOf(call.req.headers['content-type']);
  if (!patchType) throw unsupportedPatch();
  const body = await readBody(call.req);
  const patched = deps.store.patch(route.type.storageKey, route.namespace, name, patchType, body, {
    dryRun: dryRunOf(query),
    subresource: statusOption(call),
  });
  sendObject(call, 200, patched);
}

/** DELETE on an object, with DeleteOptions preconditions and dryRun from the body. */
export async function deleteObject(call: ResourceCall, name: string): Promise<void> {
  const { route, deps, query } = call;
  const { type } = route;
  const body = await readBody(call.req);
  const preconditions =
    isPlainObject(body) && isPlainObject(body.preconditions) ? body.preconditions : undefined;
  const deleted = deps.store.delete(type.storageKey, route.namespace, name, {
    dryRun: dryRunOf(query, body),
    preconditions,
  });
  if (returnsDeletedObject.has(type.key)) return sendObject(call, 200, deleted);
  sendJson(call.res, 200, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name, group: type.group || undefined, kind: type.plural, uid: deleted.metadata.uid },
  });
}

/**
 * DELETE on a collection (`deletecollection`, e.g. a janitor removing labelled pods): deletes every
 * object the label and field selectors match and answers the list of deleted objects.
 */
export async function deleteCollection(call: ResourceCall): Promise<void> {
  const { route, deps, query, view } = call;
  const { type, namespace } = route;
  if (!type.verbs.includes('deletecollection')) throw methodNotAllowed();
  const dryRun = dryRunOf(query, await readBody(call.req));
  const matched = deps.store.list(type.storageKey, {
    namespace,
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
  });
  const items = matched.items.map((obj) => {
    const deleted = deps.store.delete(type.storageKey, obj.metadata.namespace, obj.metadata.name ?? '', {
      dryRun,
    });
    return view.encode(JSON.stringify(deleted));
  });
  const page = { items, resourceVersion: deps.store.resourceVersion() };
  sendJson(call.res, 200, renderList(type, page, deps.clock()));
}

/** `kubectl scale`: GET, PUT and PATCH of `<workload>/scale` (autoscaling/v1 Scale). */
export async function serveScale(call: ResourceCall, name: string): Promise<void> {
  const { req, res, route, deps, query } = call;
  const { type, namespace } = route;
  const { store } = deps;
  if (req.method === 'GET') {
    const workload = store.get(type.storageKey, namespace, name);
    if (!workload) throw objectNotFound(type, name);
    return sendJson(res, 200, scaleOf(workload));
  }
  if (req.method === 'PUT') {
    const scale = changeScale(store, type, namespace, name, { put: await readBody(req) }, dryRunOf(query));
    return sendJson(res, 200, scale);
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
