import type { LogAnalytics } from '@triage/core';
import { ContainerLogsError } from './errors.js';
import { type ContainerLogTable, containerLogV2ProbeQuery } from './query-templates.js';

/** How long a detection holds: a workspace may switch to ContainerLogV2 at any time. */
const detectionTtlMs = 60 * 60 * 1000;

// Per client, per workspace; a WeakMap so a client's cache goes with it.
const detections = new WeakMap<
  LogAnalytics,
  Map<string, { table: Promise<ContainerLogTable>; at: number }>
>();

// The service answers a query on a table the workspace lacks with 400 BadArgumentError/SemanticError
// ("Failed to resolve table or column expression named 'ContainerLogV2'").
function isMissingTable(err: unknown): boolean {
  return (
    err instanceof ContainerLogsError && /HTTP 400|BadArgument|SemanticError|resolve table/i.test(err.message)
  );
}

async function probe(logs: LogAnalytics, workspaceId: string | undefined, signal?: AbortSignal) {
  const q = containerLogV2ProbeQuery();
  try {
    const result = await logs.query(workspaceId, q.query, {
      timespan: q.timespan,
      rowLimit: q.rowLimit,
      signal,
    });
    return result.tables.some((t) => t.rows.length > 0) ? 'v2' : 'legacy';
  } catch (err) {
    if (isMissingTable(err)) return 'legacy';
    throw err;
  }
}

/**
 * Which container log table a workspace has: `v2` when `ContainerLogV2 | take 1` returns a row over the
 * last day, `legacy` when the table is missing or empty. Detected once per client and workspace and
 * kept for an hour; failures (auth, 5xx) are not kept, so the next run asks again.
 */
export async function detectContainerLogTable(
  logs: LogAnalytics,
  workspaceId: string | undefined,
  options: { now: () => Date; signal?: AbortSignal },
): Promise<ContainerLogTable> {
  let cache = detections.get(logs);
  if (!cache) {
    cache = new Map();
    detections.set(logs, cache);
  }
  const key = workspaceId ?? '';
  const now = options.now().getTime();
  const hit = cache.get(key);
  if (hit && now - hit.at < detectionTtlMs) return hit.table;
  const table = probe(logs, workspaceId, options.signal);
  cache.set(key, { table, at: now });
  table.catch(() => cache.delete(key));
  return table;
}
