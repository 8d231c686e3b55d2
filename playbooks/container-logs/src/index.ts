export { ContainerLogsError, type ContainerLogsErrorCode, containerLogsErrorCodes } from './errors.js';
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
  type QueryBounds,
} from './query-templates.js';
