import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject, KubeReader, ListOptions } from '@triage/core';
import fetch, { type RequestInit, type Response } from 'node-fetch';
import { errorFromStatus, KubeError, kubeErrorCodes, type RequestDescription } from './errors.js';
import { type ResourcePath, resolveResource } from './resource-paths.js';
import { assertNamespaceName, assertObjectName } from './validate-name.js';

export interface KubeReaderOptions {
  /** Items per list request (`limit`); default 500, as kubectl uses. */
  pageSize?: number;
  /** Deadline of one HTTP request, body included; default 15 000 ms. */
  requestTimeoutMs?: number;
  /** Cancels every request in flight and refuses new ones (the playbook's ctx.signal). */
  signal?: AbortSignal;
}

const defaultPageSize = 500;
const defaultRequestTimeoutMs = 15_000;

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
  const kc = allowPlainHttp(config);
  const pageSize = options.pageSize ?? defaultPageSize;
  const timeoutMs = options.requestTimeoutMs ?? defaultRequestTimeoutMs;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError(`pageSize must be a positive integer`);
  const server = kc.getCurrentCluster()?.server.replace(/\/+$/, '');
  if (!server) throw new KubeError(kubeErrorCodes.configInvalid, 'the kubeconfig has no current cluster');

  async function getJson(path: string, query: URLSearchParams, req: RequestDescription) {
    const queryString = query.toString();
    const url = `${server}${path}${queryString ? `?${queryString}` : ''}`;
    const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
    const signal = AbortSignal.any(signals);
    let response: Response;
    let text: string;
    try {
      if (options.signal?.aborted) throw options.signal.reason;
      const init = await requestInit(kc);
      response = await fetch(url, { ...init, signal: signal as RequestInit['signal'] });
      text = await response.text();
    } catch (err) {
      throw transportError(err, req, options.signal, timeoutMs);
    }
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: parseJson(text),
    };
  }

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

/**
 * client-node refuses an `http://` server unless TLS verification is marked skipped. Plain HTTP
 * has no TLS to verify (`kubectl proxy`, the cluster simulator), so mark it on a copy.
 */
function allowPlainHttp(kc: KubeConfig): KubeConfig {
  const current = kc.getCurrentCluster();
  if (!current?.server.startsWith('http:') || current.skipTLSVerify) return kc;
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kc.clusters.map((c) => (c.name === current.name ? { ...c, skipTLSVerify: true } : c)),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  return copy;
}

function collectionPath(path: ResourcePath, namespace: string | undefined, req: RequestDescription): string {
  if (!path.namespaced) return `${path.prefix}/${path.plural}`;
  if (namespace === undefined || namespace === '') {
    if (req.verb === 'get') {
      throw new KubeError(kubeErrorCodes.badRequest, `get ${req.resource}/${req.name} needs a namespace`);
    }
    return `${path.prefix}/${path.plural}`;
  }
  assertNamespaceName(namespace);
  return `${path.prefix}/namespaces/${encodeURIComponent(namespace)}/${path.plural}`;
}

async function requestInit(kc: KubeConfig): Promise<RequestInit> {
  let init: Awaited<ReturnType<KubeConfig['applyToFetchOptions']>>;
  try {
    init = await kc.applyToFetchOptions({ method: 'GET' });
  } catch (err) {
    throw new KubeError(
      kubeErrorCodes.configInvalid,
      `kubeconfig cannot be applied: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  const headers = new Headers(init.headers as HeadersInit | undefined);
  headers.set('Accept', 'application/json');
  return { ...(init as RequestInit), headers: Object.fromEntries(headers.entries()) };
}

function transportError(
  err: unknown,
  req: RequestDescription,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
): KubeError {
  if (err instanceof KubeError) return err;
  const what = `${req.verb} ${req.resource}${req.name ? `/${req.name}` : ''}`;
  if (callerSignal?.aborted) {
    return new KubeError(kubeErrorCodes.aborted, `${what} was aborted`, { cause: err });
  }
  if ((err as Error | undefined)?.name === 'AbortError') {
    return new KubeError(kubeErrorCodes.unavailable, `${what} timed out after ${timeoutMs} ms`, {
      cause: err,
    });
  }
  return new KubeError(kubeErrorCodes.unavailable, `${what} failed: ${(err as Error).message}`, {
    cause: err,
  });
}

function failure(
  answer: { status: number; retryAfter: string | null; body: unknown },
  req: RequestDescription,
) {
  const message =
    isStatus(answer.body) && typeof answer.body.message === 'string' ? answer.body.message : undefined;
  const retryAfter = answer.retryAfter !== null ? Number(answer.retryAfter) : Number.NaN;
  return errorFromStatus(answer.status, req, message, Number.isFinite(retryAfter) ? retryAfter : undefined);
}

function notServed(req: RequestDescription, path: ResourcePath): KubeError {
  return new KubeError(
    kubeErrorCodes.notFound,
    `${req.verb} ${req.resource}: ${path.apiVersion} is not served by this API server (404)`,
    { status: 404 },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isStatus(body: unknown): body is { kind: 'Status'; message?: unknown } {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status';
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
