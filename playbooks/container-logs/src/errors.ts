/** Error codes of @triage/playbook-container-logs. */
export const containerLogsErrorCodes = {
  /** A value cannot become a KQL literal (control characters, too long, not a Kubernetes name, bad duration). */
  badValue: 'TRIAGE_ERR_CONTAINER_LOGS_BAD_VALUE',
  /** Log Analytics refused or failed the query (4xx/5xx, throttling, auth). */
  queryFailed: 'TRIAGE_ERR_CONTAINER_LOGS_QUERY_FAILED',
  /** No workspace: neither the params nor the client's default name one. */
  noWorkspace: 'TRIAGE_ERR_CONTAINER_LOGS_NO_WORKSPACE',
} as const;

export type ContainerLogsErrorCode = (typeof containerLogsErrorCodes)[keyof typeof containerLogsErrorCodes];

/** A container-logs failure, with a code saying which. */
export class ContainerLogsError extends Error {
  override readonly name = 'ContainerLogsError';
  readonly code: ContainerLogsErrorCode;

  constructor(code: ContainerLogsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
