import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBody, readBody } from './request-body.js';
import {
  createSlackWorkspace,
  type EphemeralMessage,
  SlackApiFailure,
  type StoredFile,
  type StoredMessage,
} from './slack-workspace.js';

/** Options of {@link createSlackApiServer}. */
export interface SlackApiServerOptions {
  /** The bot token callers must present (default `xoxb-test-token`). */
  token?: string;
  /** Channels that exist; others get `channel_not_found` (default: every channel exists). */
  channels?: readonly string[];
  /** Channel names (without `#`) and their ids, so `#name` can be used as Slack allows. */
  channelNames?: Readonly<Record<string, string>>;
  /** User group IDs and their members (usergroups.users.list). */
  userGroups?: Readonly<Record<string, readonly string[]>>;
  /** Clock for message ts (default: system clock). */
  clock?: () => Date;
}

/** One request as it arrived. */
export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `upload` for bytes sent to an upload URL. */
  method: string;
  /** Arrival time, ms since the epoch. */
  at: number;
  params: Record<string, unknown>;
  status: number;
  ok: boolean;
  error?: string;
}

/** A running fake Slack Web API. */
export interface SlackApiServer {
  /** Base URL to give WebClient (`slackApiUrl`) or `TRIAGE_SLACK_API_URL`, ending in `/api/`. */
  readonly url: string;
  /** Every call, in arrival order. */
  readonly calls: readonly RecordedCall[];
  /** Messages (top-level, replies and file shares), optionally of one channel, in the order they were posted. */
  messages(channel?: string): StoredMessage[];
  /** The replies in a thread, oldest first. */
  replies(channel: string, threadTs: string): StoredMessage[];
  files(): StoredFile[];
  /** Ephemeral messages (chat.postEphemeral), in the order they were sent. */
  ephemerals(channel?: string): EphemeralMessage[];
  /** The next `count` API calls (of `method`, when given) answer HTTP 429 with `Retry-After: retryAfterSec`. */
  rateLimitNext(count: number, retryAfterSec?: number, method?: string): void;
  /** The next `count` calls of `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string, count?: number): void;
  /** Resolves once `predicate` holds, polling; rejects after `timeoutMs` (default 10 s). */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const maxBodyBytes = 20 * 1024 * 1024;

/**
 * Starts a local HTTP server that speaks the subset of the Slack Web API Triage uses: auth.test,
 * chat.postMessage (threads via `thread_ts`), chat.update, chat.postEphemeral, chat.getPermalink,
 * usergroups.users.list, and the files.uploadV2 flow (files.getUploadURLExternal → POST bytes →
 * files.completeUploadExternal). Form-encoded and JSON
 * bodies, Bearer (or `token` field) auth, recorded calls with arrival times, injectable 429s and errors.
 * For tests and the demo only; never on the production path.
 */
export async function createSlackApiServer(options: SlackApiServerOptions = {}): Promise<SlackApiServer> {
  const token = options.token ?? 'xoxb-test-token';
  const workspace = createSlackWorkspace(options);
  const calls: RecordedCall[] = [];
  const rateLimits: { retryAfterSec: number; method?: string }[] = [];
  const failures: { method: string; error: string }[] = [];
  let origin = '';

  const answer = (res: ServerResponse, call: RecordedCall, body: Record<string, unknown>, headers = {}) => {
    call.ok = body.ok === true;
    if (typeof body.error === 'string') call.error = body.error;
    res.writeHead(call.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  const take = <T extends { method?: string }>(queue: T[], method: string): T | undefined => {
    const i = queue.findIndex((entry) => entry.method === undefined || entry.method === method);
    return i === -1 ? undefined : queue.splice(i, 1)[0];
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string, at: number) {
    const call: RecordedCall = { method, at, params: {}, status: 200, ok: false };
    calls.push(call);
    let params: Record<string, unknown>;
    try {
      params = parseBody(req.headers['content-type'], await readBody(req, maxBodyBytes)).params;
    } catch {
      return answer(res, call, { ok: false, error: 'invalid_form_data' });
    }
    call.params = params;
    const limited = take(rateLimits, method);
    if (limited) {
      call.status = 429;
      return answer(
        res,
        call,
        { ok: false, error: 'ratelimited' },
        { 'retry-after': String(limited.retryAfterSec) },
      );
    }
    const auth = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? params.token;
    if (auth === undefined || auth === '') return answer(res, call, { ok: false, error: 'not_authed' });
    if (auth !== token) return answer(res, call, { ok: false, error: 'invalid_auth' });
    const failure = take(failures, method);
    if (failure) return answer(res, call, { ok: false, error: failure.error });
    const handler = workspace.handlers[method];
    if (!handler) return answer(res, call, { ok: false, error: 'unknown_method' });
    try {
      return answer(res, call, { ok: true, ...handler(params, origin) });
    } catch (error) {
      if (error instanceof SlackApiFailure) return answer(res, call, { ok: false, error: error.error });
      throw error;
    }
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse, id: string, at: number) {
    const call: RecordedCall = { method: 'upload', at, params: { file_id: id }, status: 200, ok: true };
    calls.push(call);
    const { bytes } = parseBody(req.headers['content-type'], await readBody(req, maxBodyBytes));
    call.status = workspace.receiveUpload(id, bytes ?? Buffer.alloc(0)) ? 200 : 404;
    call.ok = call.status === 200;
    res.writeHead(call.status, { 'content-type': 'text/plain' });
    res.end(call.ok ? `OK - ${bytes?.length ?? 0}` : 'upload not found');
  }

  const server = createServer((req, res) => {
    const at = Date.now();
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const api = /^\/api\/([A-Za-z.]+)$/.exec(path);
    const upload = /^\/upload\/([A-Z0-9]+)$/.exec(path);
    let handled: Promise<void> | undefined;
    if (req.method === 'POST' && api?.[1]) handled = handleApi(req, res, api[1], at);
    else if (req.method === 'POST' && upload?.[1]) handled = handleUpload(req, res, upload[1], at);
    if (!handled) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handled.catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/api/`,
    calls,
    messages: (channel) => workspace.messages.filter((m) => channel === undefined || m.channel === channel),
    replies: (channel, threadTs) =>
      workspace.messages.filter((m) => m.channel === channel && m.threadTs === threadTs),
    files: () => [...workspace.files.values()],
    ephemerals: (channel) =>
      workspace.ephemerals.filter((m) => channel === undefined || m.channel === channel),
    rateLimitNext(count, retryAfterSec = 1, method) {
      for (let i = 0; i < count; i += 1)
        rateLimits.push(method === undefined ? { retryAfterSec } : { retryAfterSec, method });
    },
    failNext(method, error, count = 1) {
      for (let i = 0; i < count; i += 1) failures.push({ method, error });
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
