import { DefaultAzureCredential } from '@azure/identity';
import { type LogsTable, LogsQueryClient, LogsQueryResultStatus } from '@azure/monitor-query-logs';
import type { LogAnalytics, LogQueryOptions, LogQueryResult, LogTable } from '@triage/core';
import { ContainerLogsError, containerLogsErrorCodes } from './errors.js';

/** What the SDK accepts as a credential (@azure/core-auth's TokenCredential). */
export type TokenCredential = ConstructorParameters<typeof LogsQueryClient>[0];

/** How to reach Log Analytics. */
export interface LogAnalyticsClientOptions {
  /** Workspace used when a query names none (`TRIAGE_LOG_ANALYTICS_WORKSPACE_ID`). */
  defaultWorkspaceId?: string;
  /**
   * Query API base URL including `/v1` (`TRIAGE_LOG_ANALYTICS_ENDPOINT`; sovereign clouds, private links,
   * tests). Default `https://api.loganalytics.io/v1`. Must be HTTPS: the SDK sends no bearer token over HTTP.
   */
  endpoint?: string;
  /** Default: DefaultAzureCredential (workload identity, managed identity, Azure CLI, environment). */
  credential?: TokenCredential;
  /** How long the service may work on one query (default 60 s, at most 600 s). */
  serverTimeoutSeconds?: number;
  /** Retries of throttled (429) and failed (5xx) requests by the SDK (default 3). */
  maxRetries?: number;
}

function cell(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

function toTable(table: LogsTable, rowLimit: number): LogTable {
  return {
    name: table.name,
    columns: table.columnDescriptors.map((c) => ({ name: c.name ?? '', type: String(c.type ?? '') })),
    // The query ends in `top N` already; this keeps a hand-written one from flooding memory.
    rows: table.rows.slice(0, rowLimit).map((row) => row.map(cell)),
  };
}

function retryAfterSeconds(err: unknown): number | undefined {
  const headers = (err as { response?: { headers?: { get?(name: string): string | undefined } } }).response
    ?.headers;
  const value = Number(headers?.get?.('retry-after'));
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Says what went wrong in words a person can act on, with the service's status and code, and a code
 * the runner retries on: 429, 5xx and failures without an answer (timeouts, refused or reset
 * connections) are `unavailable`; 401/403 `accessDenied`; other answers (400 bad query) `queryFailed`.
 */
function queryFailure(
  err: unknown,
  workspaceId: string,
  signal: AbortSignal | undefined,
): ContainerLogsError {
  const { statusCode, code, message } = err as { statusCode?: number; code?: string; message?: string };
  const said = `${code ? ` (${code})` : ''}: ${message ?? String(err)}`;
  const where = `Log Analytics query on ${isResourceId(workspaceId) ? 'resource' : 'workspace'} ${workspaceId}`;
  if (signal?.aborted) {
    return new ContainerLogsError(containerLogsErrorCodes.queryFailed, `${where} was cancelled${said}`, {
      cause: err,
    });
  }
  const retryAfter = retryAfterSeconds(err);
  const options = {
    cause: err,
    ...(statusCode !== undefined && { status: statusCode }),
    ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }),
  };
  if (statusCode === undefined || statusCode === 429 || statusCode === 408 || statusCode >= 500) {
    const what =
      statusCode === 429
        ? `throttled${retryAfter !== undefined ? ` (retry after ${retryAfter}s)` : ''}`
        : statusCode !== undefined
          ? `HTTP ${statusCode}`
          : 'got no answer';
    return new ContainerLogsError(containerLogsErrorCodes.unavailable, `${where} ${what}${said}`, options);
  }
  if (statusCode === 401 || statusCode === 403) {
    return new ContainerLogsError(
      containerLogsErrorCodes.accessDenied,
      `${where} was denied (HTTP ${statusCode})${said}. Grant triage's identity Log Analytics Reader on the ${isResourceId(workspaceId) ? 'resource' : 'workspace'}.`,
      options,
    );
  }
  return new ContainerLogsError(
    containerLogsErrorCodes.queryFailed,
    `${where} HTTP ${statusCode}${said}`,
    options,
  );
}

/**
 * True for an Azure Resource Manager ID (`/subscriptions/<id>/resourceGroups/<rg>/providers/…`): the
 * client then runs a resource-centric query (`POST /v1/<resourceId>/query`), which sees only that
 * resource's data, as a log search alert scoped to it does.
 */
export function isResourceId(target: string): boolean {
  return (
    /^\/subscriptions\/[0-9a-f-]{36}\/resourcegroups\/[\w().-]+\/providers\/[\w.]+\/[\w./-]+$/i.test(
      target,
    ) && !target.includes('..')
  );
}

/** The SDK's timespan: an ISO-8601 duration (`PT1H`) or an interval `<start>/<end>` of two ISO times. */
function sdkTimespan(timespan: string): { duration: string } | { startTime: Date; endTime: Date } {
  const [start, end, ...rest] = timespan.split('/');
  if (end === undefined || rest.length > 0) return { duration: timespan };
  return { startTime: new Date(start as string), endTime: new Date(end) };
}

/**
 * Log Analytics through `@azure/monitor-query-logs` 1.0.0: results become plain tables (datetimes as
 * ISO strings), PartialFailure keeps its data and says why in `partialError`, failures throw a
 * ContainerLogsError whose code says whether to retry (see `isRetryableLogError`). `timespan` is a
 * duration (`PT1H`) or an interval (`2025-03-04T07:50:00Z/2025-03-04T08:00:00Z`). The SDK itself
 * retries 429 (honouring Retry-After) and 5xx `maxRetries` times first. `workspaceId` may also be an
 * ARM resource ID (`isResourceId`): a resource-centric query. Builds the SDK client lazily, once.
 *
 * @example createLogAnalyticsClient({ defaultWorkspaceId: env.TRIAGE_LOG_ANALYTICS_WORKSPACE_ID })
 */
export function createLogAnalyticsClient(options: LogAnalyticsClientOptions = {}): LogAnalytics {
  let client: LogsQueryClient | undefined;
  const sdk = (): LogsQueryClient => {
    client ??= new LogsQueryClient(options.credential ?? new DefaultAzureCredential(), {
      ...(options.endpoint && { endpoint: options.endpoint }),
      retryOptions: { maxRetries: options.maxRetries ?? 3 },
    });
    return client;
  };
  return {
    async query(
      workspaceId: string | undefined,
      kql: string,
      bounds: LogQueryOptions,
    ): Promise<LogQueryResult> {
      const workspace = workspaceId ?? options.defaultWorkspaceId;
      if (!workspace) {
        throw new ContainerLogsError(
          containerLogsErrorCodes.noWorkspace,
          'no Log Analytics workspace: set TRIAGE_LOG_ANALYTICS_WORKSPACE_ID or pass a workspace',
        );
      }
      let result: Awaited<ReturnType<LogsQueryClient['queryWorkspace']>>;
      try {
        const client = sdk();
        const resource = isResourceId(workspace);
        const run = resource ? client.queryResource.bind(client) : client.queryWorkspace.bind(client);
        // The SDK's path template is `/{+resourceId}/query`: without this the ID's own `/` doubles.
        result = await run(resource ? workspace.slice(1) : workspace, kql, sdkTimespan(bounds.timespan), {
          serverTimeoutInSeconds: options.serverTimeoutSeconds ?? 60,
          ...(bounds.signal && { abortSignal: bounds.signal }),
        });
      } catch (err) {
        throw queryFailure(err, workspace, bounds.signal);
      }
      if (result.status === LogsQueryResultStatus.Success) {
        return { tables: result.tables.map((t) => toTable(t, bounds.rowLimit)) };
      }
      const { code, message } = result.partialError;
      return {
        tables: result.partialTables.map((t) => toTable(t, bounds.rowLimit)),
        partialError: `${code ? `${code}: ` : ''}${message ?? 'the service returned part of the data'}`,
      };
    },
  };
}
