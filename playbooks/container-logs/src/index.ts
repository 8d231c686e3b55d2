export { detectContainerLogTable } from './container-log-table.js';
export { containerLogsPlaybook } from './container-logs.js';
export { boundedQuery, maxQueryLength } from './bounded-query.js';
export { alertQuery, customQueryRowLimit, rawQuery } from './custom-query-findings.js';
export {
  ContainerLogsError,
  type ContainerLogsErrorCode,
  containerLogsErrorCodes,
  isRetryableLogError,
} from './errors.js';
export { type LogSearchAlert, logSearchAlertOf } from './log-search-alert.js';
export { textTable } from './text-table.js';
export {
  isoDuration,
  kqlNamespace,
  kqlObjectName,
  kqlString,
  kqlTimespan,
  kqlWorkloadPrefix,
  maxSinceSeconds,
  parseSince,
} from './kql-literal.js';
export {
  type ContainerLogTable,
  containerErrorsQuery,
  containerLogV2ProbeQuery,
  iisServerErrorsQuery,
  type LogQuery,
  type LogScope,
  logColumns,
  logVolumeQuery,
  type QueryBounds,
} from './query-templates.js';
export { groupLogLines, type LogGroup } from './group-log-lines.js';
export {
  type InventoryScope,
  kubeEventsQuery,
  nodeStatusHistoryQuery,
  podRestartsQuery,
} from './inventory-queries.js';
export {
  createLogAnalyticsClient,
  type LogAnalyticsClientOptions,
  type TokenCredential,
} from './log-analytics-client.js';
export { type LogLine, logLines } from './log-lines.js';
export { messageTemplate } from './message-template.js';
export { type ContainerLogsParams, containerLogsParams, type RawKqlParams } from './params.js';
export { rowsCsv } from './rows-csv.js';
export { CONTAINER_LOG_ALERT_NAMES } from './triggers.js';
