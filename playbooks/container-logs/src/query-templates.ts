import {
  assertRowLimit,
  isoDuration,
  kqlNamespace,
  kqlObjectName,
  kqlTimespan,
  kqlWorkloadPrefix,
} from './kql-literal.js';

/** A named, bounded KQL query ready for the Log Analytics query API. */
export interface LogQuery {
  /** Template name, for evidence and attachments (`container-errors-v2`). */
  name: string;
  query: string;
  /** ISO-8601 duration for the API's `timespan` (`PT3600S`); the query's own `ago()` matches it. */
  timespan: string;
  rowLimit: number;
}

/** Whose logs: a namespace, narrowed to one pod, or the pods of a workload (name prefix), and a container. */
export interface LogScope {
  namespace: string;
  pod?: string;
  /** Workload name: pods whose name starts with `<workload>-` (Deployment, StatefulSet, DaemonSet, Job pods). */
  workload?: string;
  container?: string;
}

/** Look-back and row limit of one query. */
export interface QueryBounds {
  sinceSeconds: number;
  /** Default 500, at most 10 000. */
  rowLimit?: number;
}

/** Which container log table the workspace has: ContainerLogV2, or legacy ContainerLog (+ KubePodInventory). */
export type ContainerLogTable = 'v2' | 'legacy';

/** Columns every log query returns, whatever the table. */
export const logColumns = [
  'TimeGenerated',
  'PodNamespace',
  'PodName',
  'ContainerName',
  'LogSource',
  'Computer',
  'Message',
] as const;

// Error and exception lines: level words, .NET/Java exception names, Go panics, Python tracebacks.
const errorPattern = '(?i)(error|exception|fatal|panic|traceback|critical)';
// An IIS W3C line as LogMonitor forwards it: date time ... sc-status sc-substatus sc-win32-status time-taken.
const iisStatusPattern = String.raw`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} .* ([1-5]\d\d) \d+ \d+ \d+\s*$`;

function podFilters(scope: LogScope): string[] {
  const filters = [`PodNamespace == ${kqlNamespace(scope.namespace)}`];
  if (scope.pod !== undefined) filters.push(`PodName == ${kqlObjectName(scope.pod, 'pod')}`);
  if (scope.workload !== undefined) filters.push(`PodName startswith ${kqlWorkloadPrefix(scope.workload)}`);
  if (scope.container !== undefined)
    filters.push(`ContainerName == ${kqlObjectName(scope.container, 'container')}`);
  return filters.map((f) => `| where ${f}`);
}

/** Log lines of the scope with the common columns, from ContainerLogV2. */
function v2Lines(scope: LogScope, ago: string): string[] {
  return [
    'ContainerLogV2',
    `| where TimeGenerated > ago(${ago})`,
    ...podFilters(scope),
    '| extend Message = tostring(LogMessage)',
  ];
}

/** Log lines of the scope with the common columns, from ContainerLog joined with KubePodInventory for pod names. */
function legacyLines(scope: LogScope, ago: string): string[] {
  return [
    'let containers = KubePodInventory',
    `| where TimeGenerated > ago(${ago})`,
    '| where isnotempty(ContainerID)',
    // ContainerName there is `<podUid>/<container>`.
    '| project ContainerID, PodName = Name, PodNamespace = Namespace, ContainerName = tostring(split(ContainerName, "/")[1])',
    ...podFilters(scope),
    '| distinct ContainerID, PodName, PodNamespace, ContainerName;',
    'ContainerLog',
    `| where TimeGenerated > ago(${ago})`,
    '| join kind=inner containers on ContainerID',
    '| extend Message = LogEntry, LogSource = LogEntrySource',
  ];
}

function build(
  name: string,
  table: ContainerLogTable,
  scope: LogScope,
  bounds: QueryBounds,
  tail: (rowLimit: number) => string[],
): LogQuery {
  const rowLimit = bounds.rowLimit ?? 500;
  assertRowLimit(rowLimit);
  const ago = kqlTimespan(bounds.sinceSeconds);
  const lines = table === 'v2' ? v2Lines(scope, ago) : legacyLines(scope, ago);
  const query = [...lines, ...tail(rowLimit)].join('\n');
  return { name: `${name}-${table}`, query, timespan: isoDuration(bounds.sinceSeconds), rowLimit };
}

/** The common columns (and `extra`), newest `rowLimit` lines first. */
function newest(rowLimit: number, extra: string[] = []): string[] {
  return [`| project ${[...logColumns, ...extra].join(', ')}`, `| top ${rowLimit} by TimeGenerated desc`];
}

/**
 * Error and exception lines of a pod, workload, namespace or container, newest first.
 *
 * @example containerErrorsQuery('v2', { namespace: 'web', workload: 'checkout' }, { sinceSeconds: 3600 })
 */
export function containerErrorsQuery(
  table: ContainerLogTable,
  scope: LogScope,
  bounds: QueryBounds,
): LogQuery {
  return build('container-errors', table, scope, bounds, (rowLimit) => [
    `| where Message matches regex @"${errorPattern}"`,
    ...newest(rowLimit),
  ]);
}

/**
 * IIS access-log lines with status 500 or more (Windows pods whose LogMonitor forwards the W3C log to
 * stdout), with the status in a `Status` column, newest first.
 */
export function iisServerErrorsQuery(
  table: ContainerLogTable,
  scope: LogScope,
  bounds: QueryBounds,
): LogQuery {
  return build('iis-5xx', table, scope, bounds, (rowLimit) => [
    `| extend Status = toint(extract(@"${iisStatusPattern}", 1, Message))`,
    '| where Status >= 500',
    ...newest(rowLimit, ['Status']),
  ]);
}

/**
 * Log volume over time: `Lines` and `Errors` (error/exception lines) per time bin, oldest bin first,
 * quiet bins included as 0 (`make-series`), so a chart shows gaps as gaps. The bin is a sixtieth of the
 * range, at least a minute, so a chart has about 60 points.
 */
export function logVolumeQuery(table: ContainerLogTable, scope: LogScope, bounds: QueryBounds): LogQuery {
  const bin = kqlTimespan(Math.max(60, Math.ceil(bounds.sinceSeconds / 60 / 60) * 60));
  const ago = kqlTimespan(bounds.sinceSeconds);
  return build('log-volume', table, scope, bounds, (rowLimit) => [
    `| make-series Lines = count(), Errors = countif(Message matches regex @"${errorPattern}") default = 0 on TimeGenerated from ago(${ago}) to now() step ${bin}`,
    '| mv-expand TimeGenerated to typeof(datetime), Lines to typeof(long), Errors to typeof(long)',
    `| top ${rowLimit} by TimeGenerated asc`,
  ]);
}

/** Whether the workspace has ContainerLogV2 rows (one row at most, over the last day). */
export function containerLogV2ProbeQuery(): LogQuery {
  return { name: 'container-log-v2-probe', query: 'ContainerLogV2\n| take 1', timespan: 'P1D', rowLimit: 1 };
}
