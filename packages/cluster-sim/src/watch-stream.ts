import type { IncomingMessage, ServerResponse } from 'node:http';
import { KubeApiError } from './errors.js';
import type { ObjectStore } from './object-store.js';
import { apiVersionOf, type ResourceType } from './resource-types.js';

/** What a served watch needs beyond the request. */
export interface WatchStreamOptions {
  store: ObjectStore;
  type: ResourceType;
  namespace: string | undefined;
  query: URLSearchParams;
  /** Turns a stored object's JSON into what this endpoint serves (views, tables). */
  encode: (json: string, eventType: string) => string;
  /** Close the stream after this long even without `timeoutSeconds` (fault injection); 0: never. */
  dropAfterMs: number;
  bookmarkIntervalMs: number;
}

/** Longest watch when the client gives no timeoutSeconds (the real server picks 30–60 min). */
const defaultTimeoutMs = 30 * 60 * 1000;

/**
 * Serves `?watch=1`: newline-delimited JSON watch events over a chunked 200 answer, until
 * `timeoutSeconds`, a dropped-watch fault, or the client leaves. A resourceVersion older than the
 * kept history answers one ERROR event with a 410 Expired Status, as the API server does.
 */
export function serveWatch(req: IncomingMessage, res: ServerResponse, options: WatchStreamOptions): void {
  const { store, type, query, encode } = options;
  const flag = (key: string) => query.get(key) === 'true' || query.get(key) === '1';
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  // Clients (client-node's Watch) wait for the headers before they consider the watch started.
  res.flushHeaders();
  const write = (eventType: string, objectJson: string) => {
    if (!res.writableEnded) res.write(`{"type":"${eventType}","object":${objectJson}}\n`);
  };
  let stop = () => {};
  const timers: NodeJS.Timeout[] = [];
  const finish = () => {
    stop();
    for (const t of timers) clearTimeout(t); // also clears intervals
    if (!res.writableEnded) res.end();
  };
  try {
    stop = store.watch(
      type.storageKey,
      {
        namespace: options.namespace,
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
        // sendInitialEvents asks for the current state first, whatever the resourceVersion.
        resourceVersion: flag('sendInitialEvents') ? undefined : (query.get('resourceVersion') ?? undefined),
      },
      (event) => write(event.type, encode(event.json, event.type)),
    );
  } catch (err) {
    if (!(err instanceof KubeApiError)) throw err;
    write('ERROR', JSON.stringify(err.toStatus()));
    finish();
    return;
  }
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
  const limits = [timeoutSeconds > 0 ? timeoutSeconds * 1000 : defaultTimeoutMs, options.dropAfterMs].filter(
    (ms) => ms > 0,
  );
  timers.push(setTimeout(finish, Math.min(...limits)));
  const bookmark = (annotations?: Record<string, string>) => {
    const metadata = { resourceVersion: store.resourceVersion(), ...(annotations ? { annotations } : {}) };
    write('BOOKMARK', JSON.stringify({ kind: type.kind, apiVersion: apiVersionOf(type), metadata }));
  };
  // Streaming lists (client-go WatchList): the initial ADDED events end with a marked bookmark.
  if (flag('sendInitialEvents') && flag('allowWatchBookmarks'))
    bookmark({ 'k8s.io/initial-events-end': 'true' });
  if (flag('allowWatchBookmarks')) timers.push(setInterval(() => bookmark(), options.bookmarkIntervalMs));
  req.on('close', finish);
  res.on('close', finish);
}
