import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject, KubeReader, ListOptions } from '@triage/core';
import { KubeError, kubeErrorCodes, type RequestDescription } from './errors.js';
import {
  collectionPath,
  createKubeTransport,
  failure,
  isStatus,
  type KubeRequestOptions,
} from './kube-request.js';
import { type ResourcePath, resolveResource } from './resource-paths.js';
import { assertObjectName } from './validate-name.js';

export interface KubeReaderOptions extends KubeRequestOptions {
  /** Items per list request (`limit`); default 500, as kubectl uses. */
  pageSize?: number;
}

const defaultPageSize = 500;

/**
 * A KubeReader over the kubeconfig's current cluster. Requests go through client-node's
 * `applyToFetchOptions` (auth, exec plugins, TLS agent) and node-fetch, as client-node itself does.
 * Errors are KubeErrors (see errors.ts); `get` answers undefined for a missing object.
 *
 * @example
 * const kube = createKubeReader(loadKubeConfig(), { signal: ctx.signal });
 * const pods = await kube.list('pods', { fieldSelector: 'spec.nodeName=aks-np1-0' });
 */
export function createKubeReader(config: KubeConfig, options: KubeReaderOptions = {}): KubeReader {
  const pageSize = options.pageSize ?? defaultPageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError(`pageSize must be a positive integer`);
  const send = createKubeTransport(config, options);
  const getJson = (path: string, query: URLSearchParams, describe: RequestDescription) =>
    send({ method: 'GET', path, query, describe });

  return {
    async get(resource, name, namespace) {
      const path = resolveResource(resource);
      assertObjectName(name);
      const req: RequestDescription = { verb: 'get', resource, name, ...(namespace && { namespace }) };
      const url = `${collectionPath(path, namespace, req)}/${encodeURIComponent(name)}`;
      const answer = await getJson(url, new URLSearchParams(), req);
      // A missing object is a JSON Status; a plain-text 404 means the API group is not served.
      if (answer.status === 404 && isStatus(answer.body)) return undefined;
      if (answer.status === 404) throw notServed(req, path);
      if (answer.status >= 300) throw failure(answer, req);
      return withTypeMeta(asObject(answer.body, req), path);
    },

    async list(resource, listOptions: ListOptions = {}) {
      const path = resolveResource(resource);
      const { namespace, labelSelector, fieldSelector, max = Number.POSITIVE_INFINITY } = listOptions;
      const req: RequestDescription = { verb: 'list', resource, ...(namespace && { namespace }) };
      const url = collectionPath(path, namespace, req);
      const items: KubeObject[] = [];
      let token: string | undefined;
      while (items.length < max) {
        const query = new URLSearchParams();
        if (labelSelector) query.set('labelSelector', labelSelector);
        if (fieldSelector) query.set('fieldSelector', fieldSelector);
        query.set('limit', String(Math.min(pageSize, max - items.length)));
        if (token) query.set('continue', token);
        const answer = await getJson(url, query, req);
        if (answer.status === 404) throw isStatus(answer.body) ? failure(answer, req) : notServed(req, path);
        if (answer.status >= 300) throw failure(answer, req);
        const page = asList(answer.body, req);
        for (const item of page.items.slice(0, max - items.length)) items.push(withTypeMeta(item, path));
        const next = page.metadata?.continue;
        if (!next) break;
        if (next === token) {
          throw new KubeError(
            kubeErrorCodes.unavailable,
            `${req.verb} ${resource}: the server repeated its continue token`,
          );
        }
        token = next;
      }
      return items;
    },
  };
}

function notServed(req: RequestDescription, path: ResourcePath): KubeError {
  return new KubeError(
    kubeErrorCodes.notFound,
    `${req.verb} ${req.resource}: ${path.apiVersion} is not served by this API server (404)`,
    { status: 404 },
  );
}

function asObject(body: unknown, req: RequestDescription): KubeObject {
  if (typeof body !== 'object' || body === null || typeof (body as KubeObject).metadata !== 'object') {
    throw new KubeError(
      kubeErrorCodes.unavailable,
      `${req.verb} ${req.resource}: the answer is not a Kubernetes object`,
    );
  }
  return body as KubeObject;
}

function asList(
  body: unknown,
  req: RequestDescription,
): { items: KubeObject[]; metadata?: { continue?: string } } {
  const list = body as { items?: unknown; metadata?: { continue?: string } } | null;
  if (typeof list !== 'object' || list === null || !Array.isArray(list.items)) {
    throw new KubeError(kubeErrorCodes.unavailable, `${req.verb} ${req.resource}: the answer is not a list`);
  }
  return list as { items: KubeObject[]; metadata?: { continue?: string } };
}

/** List items come without apiVersion and kind; fill them in so callers can tell objects apart. */
function withTypeMeta(object: KubeObject, path: ResourcePath): KubeObject {
  if (object.apiVersion && object.kind) return object;
  return { ...object, apiVersion: object.apiVersion ?? path.apiVersion, kind: object.kind ?? path.kind };
}
