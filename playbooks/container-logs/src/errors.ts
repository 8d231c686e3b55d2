/** Error codes of @triage/playbook-container-logs. */
export const containerLogsErrorCodes = {
  /** A value cannot become a KQL literal (control characters, too long, not a Kubernetes name, bad duration). */
  badValue: 'TRIAGE_ERR_CONTAINER_LOGS_BAD_VALUE',
  /** A raw or alert query cannot be run as given (empty, too long, a control command, control characters). */
  badQuery: 'TRIAGE_ERR_CONTAINER_LOGS_BAD_QUERY',
  /** Log Analytics refused the query itself (400: syntax or semantic error, unknown table or column). */
  queryFailed: 'TRIAGE_ERR_CONTAINER_LOGS_QUERY_FAILED',
  /** 401/403: the credential was rejected or lacks Log Analytics Reader on the workspace. */
  accessDenied: 'TRIAGE_ERR_CONTAINER_LOGS_ACCESS_DENIED',
  /** Throttled (429), a server error (5xx), a timeout or no connection: worth retrying later. */
  unavailable: 'TRIAGE_ERR_CONTAINER_LOGS_UNAVAILABLE',
  /** No workspace: neither the params nor the client's default name one. */
  noWorkspace: 'TRIAGE_ERR_CONTAINER_LOGS_NO_WORKSPACE',
} as const;

export type ContainerLogsErrorCode = (typeof containerLogsErrorCodes)[keyof typeof containerLogsErrorCodes];

/** A container-logs failure, with a code saying which. */
export class ContainerLogsError extends Error {
  override readonly name = 'ContainerLogsError';
  readonly code: ContainerLogsErrorCode;
  /** HTTP status of the service's answer, when it answered. */
  readonly status: number | undefined;
  /** Seconds the service asked us to wait (Retry-After on 429/503), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ContainerLogsErrorCode,
    message: string,
    options: { cause?: unknown; status?: number; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * True for Log Analytics failures a later attempt may not meet (throttling, 5xx, timeouts, no
 * connection); false for bad queries, denied access, missing configuration and everything else.
 * The runner's `isRetryable` includes it, so such a run is retried with backoff.
 */
export function isRetryableLogError(err: unknown): boolean {
  return err instanceof ContainerLogsError && err.code === containerLogsErrorCodes.unavailable;
}
