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

/** Says what went wrong in words a person can act on, with the service's status and code. */
function queryFailure(err: unknown, workspaceId: string): ContainerLogsError {
  const { statusCode, code, message } = err as { statusCode?: number; code?: string; message?: string };
  const what = statusCode === 429 ? 'throttled' : statusCode !== undefined ? `HTTP ${statusCode}` : 'failed';
  return new ContainerLogsError(
    containerLogsErrorCodes.queryFailed,
    `Log Analytics query on workspace ${workspaceId} ${what}${code ? ` (${code})` : ''}: ${message ?? String(err)}`,
    { cause: err },
  );
}

/**
 * Log Analytics through `@azure/monitor-query-logs` 1.0.0: results become plain tables (datetimes as
 * ISO strings), PartialFailure keeps its data and says why in `partialError`, failures throw a
 * ContainerLogsError (`TRIAGE_ERR_CONTAINER_LOGS_QUERY_FAILED`). Builds the SDK client lazily, once.
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
        result = await sdk().queryWorkspace(
          workspace,
          kql,
          { duration: bounds.timespan },
          {
            serverTimeoutInSeconds: options.serverTimeoutSeconds ?? 60,
            ...(bounds.signal && { abortSignal: bounds.signal }),
          },
        );
      } catch (err) {
        throw queryFailure(err, workspace);
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
