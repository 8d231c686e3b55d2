import { KubeConfig } from '@kubernetes/client-node';
import fetch, { type RequestInit, type Response } from 'node-fetch';
import { errorFromStatus, KubeError, kubeErrorCodes, type RequestDescription } from './errors.js';
import type { ResourcePath } from './resource-paths.js';
import { assertNamespaceName } from './validate-name.js';

/** Options every client over a KubeTransport shares. */
export interface KubeRequestOptions {
  /** Deadline of one HTTP request, body included; default 15 000 ms. */
  requestTimeoutMs?: number;
  /** Cancels every request in flight and refuses new ones (the playbook's ctx.signal). */
  signal?: AbortSignal;
}

/** The API server's answer: HTTP status, Retry-After header and the body (parsed JSON, else text). */
export interface ApiAnswer {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

/** One request to the API server. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below the server URL, e.g. `/api/v1/namespaces/web/pods`. */
  path: string;
  query?: URLSearchParams;
  /** What the request is, for error messages. */
  describe: RequestDescription;
  /** A JSON body and its content type (default `application/json`). */
  body?: { json: unknown; contentType?: string };
  /** Keep a 2xx body as text, never parsed (pod logs: one JSON line would otherwise become an object). */
  rawText?: boolean;
  /** Hand a 2xx body over in decoded chunks as it arrives instead of buffering it (the answer's body is then ''). */
  onText?: (chunk: string) => void;
}

/** Sends requests to the kubeconfig's current cluster; transport failures become KubeErrors. */
export type KubeTransport = (request: ApiRequest) => Promise<ApiAnswer>;

const defaultRequestTimeoutMs = 15_000;

/**
 * A transport over the kubeconfig's current cluster. Requests go through client-node's
 * `applyToFetchOptions` (auth, exec plugins, TLS agent) and node-fetch, as client-node itself does.
 */
export function createKubeTransport(config: KubeConfig, options: KubeRequestOptions = {}): KubeTransport {
  const kc = allowPlainHttp(config);
  const timeoutMs = options.requestTimeoutMs ?? defaultRequestTimeoutMs;
  const server = kc.getCurrentCluster()?.server.replace(/\/+$/, '');
  if (!server) throw new KubeError(kubeErrorCodes.configInvalid, 'the kubeconfig has no current cluster');

  return async function send(request) {
    const queryString = request.query?.toString() ?? '';
    const url = `${server}${request.path}${queryString ? `?${queryString}` : ''}`;
    const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
    const signal = AbortSignal.any(signals);
    let response: Response;
    let text: string;
    try {
      if (options.signal?.aborted) throw options.signal.reason;
      const init = await requestInit(kc, request);
      response = await fetch(url, { ...init, signal: signal as RequestInit['signal'] });
      text =
        request.onText && response.ok ? await streamText(response, request.onText) : await response.text();
    } catch (err) {
      throw transportError(err, request.describe, options.signal, timeoutMs);
    }
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: request.rawText && response.ok ? text : parseJson(text),
    };
  };
}

/** Decodes the body chunk by chunk (multi-byte characters split across chunks stay whole). */
async function streamText(response: Response, onText: (chunk: string) => void): Promise<string> {
  const decoder = new TextDecoder();
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) onText(text);
  }
  const rest = decoder.decode();
  if (rest) onText(rest);
  return '';
}

/**
 * client-node refuses an `http://` server unless TLS verification is marked skipped. Plain HTTP
 * has no TLS to verify (`kubectl proxy`, the cluster simulator), so mark it on a copy.
 */
export function allowPlainHttp(kc: KubeConfig): KubeConfig {
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

async function requestInit(kc: KubeConfig, request: ApiRequest): Promise<RequestInit> {
  let init: Awaited<ReturnType<KubeConfig['applyToFetchOptions']>>;
  try {
    init = await kc.applyToFetchOptions({ method: request.method });
  } catch (err) {
    throw new KubeError(
      kubeErrorCodes.configInvalid,
      `kubeconfig cannot be applied: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const headers = new Headers(init.headers as HeadersInit | undefined);
  headers.set('Accept', 'application/json');
  if (request.body) headers.set('Content-Type', request.body.contentType ?? 'application/json');
  return {
    ...(init as RequestInit),
    method: request.method,
    headers: Object.fromEntries(headers.entries()),
    ...(request.body && { body: JSON.stringify(request.body.json) }),
  };
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

/** The collection URL of a resource, in a namespace or across all; `get` needs a namespace for namespaced kinds. */
export function collectionPath(
  path: ResourcePath,
  namespace: string | undefined,
  req: RequestDescription,
): string {
  if (!path.namespaced) return `${path.prefix}/${path.plural}`;
  if (namespace === undefined || namespace === '') {
    if (req.verb !== 'list') {
      throw new KubeError(
        kubeErrorCodes.badRequest,
        `${req.verb} ${req.resource}/${req.name} needs a namespace`,
      );
    }
    return `${path.prefix}/${path.plural}`;
  }
  assertNamespaceName(namespace);
  return `${path.prefix}/namespaces/${encodeURIComponent(namespace)}/${path.plural}`;
}

/** A Kubernetes Status body (`kind: Status`), the shape of every API error. */
export interface ApiStatus {
  kind: 'Status';
  message?: unknown;
  reason?: unknown;
  details?: { kind?: unknown; causes?: unknown };
}

export function isStatus(body: unknown): body is ApiStatus {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status';
}

/** The Status `message`, when the body is a Status with one. */
export function statusMessage(body: unknown): string | undefined {
  return isStatus(body) && typeof body.message === 'string' ? body.message : undefined;
}

/** The Status `details.causes`, as `{ reason?, message }` (the wire spells a cause's type `reason`). */
export function statusCauses(body: unknown): { reason?: string; message: string }[] {
  const causes = isStatus(body) ? body.details?.causes : undefined;
  if (!Array.isArray(causes)) return [];
  return causes.flatMap((c: { reason?: unknown; message?: unknown } | null) =>
    typeof c?.message === 'string'
      ? [{ message: c.message, ...(typeof c.reason === 'string' && { reason: c.reason }) }]
      : [],
  );
}

/** The KubeError for an answer that is not 2xx. */
export function failure(answer: ApiAnswer, req: RequestDescription): KubeError {
  const retryAfter = answer.retryAfter !== null ? Number(answer.retryAfter) : Number.NaN;
  return errorFromStatus(
    answer.status,
    req,
    statusMessage(answer.body),
    Number.isFinite(retryAfter) ? retryAfter : undefined,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
