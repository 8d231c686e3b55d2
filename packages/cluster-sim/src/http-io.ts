import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { KubeApiError } from './errors.js';
import { decodeKubeProtobuf } from './protobuf-decoder.js';

/** Largest request body accepted (the real API server's limit is about 3 MiB). */
const maxBodyBytes = 3 * 1024 * 1024;

/** Writes a JSON answer; `body` may be pre-serialized text. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Answers with the Status object of an error; other errors become 500 InternalError without internals. */
export function sendError(res: ServerResponse, err: unknown): void {
  const apiError =
    err instanceof KubeApiError
      ? err
      : new KubeApiError(
          'InternalError',
          `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`,
        );
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  const retry = apiError.details?.retryAfterSeconds;
  if (retry !== undefined) headers['Retry-After'] = String(retry);
  // An unread body (too large) would keep streaming in: close the connection after the answer.
  if (res.req && !res.req.complete) headers.Connection = 'close';
  sendJson(res, apiError.httpStatus, apiError.toStatus(), headers);
}

// The API server's own limit and wording (apiserver handlers' limitedReadBody).
const tooLarge = () =>
  new KubeApiError('RequestEntityTooLarge', `Request entity too large: limit is ${maxBodyBytes}`);

/** Collects a request body up to the limit; past it, the rest is discarded so the client reads the 413. */
function collectBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.resume();
      reject(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Reads and parses a JSON, YAML or Kubernetes protobuf request body; undefined when empty. */
export async function readBody(req: IncomingMessage): Promise<unknown> {
  const body = await collectBody(req);
  if (body.length === 0) return undefined;
  const media = (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim();
  // kubectl's typed clients (`kubectl create configmap|namespace|deployment…`) post protobuf.
  if (media === 'application/vnd.kubernetes.protobuf') return decodeKubeProtobuf(body);
  if (media === 'application/cbor') {
    throw new KubeApiError(
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    );
  }
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return media === 'application/yaml' || media === 'application/apply-patch+yaml'
      ? parseYaml(text)
      : JSON.parse(text);
  } catch (err) {
    throw new KubeApiError('BadRequest', `the request body is not valid ${media}: ${(err as Error).message}`);
  }
}
