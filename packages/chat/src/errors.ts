/** Error codes of the chat package. */
export type ChatErrorCode =
  /** Slack answered `ok: false`, an HTTP error, or could not be reached; `slackError` says which. */
  | 'TRIAGE_ERR_CHAT_SLACK'
  /** An update or reply named a message this adapter never posted. */
  | 'TRIAGE_ERR_CHAT_MESSAGE_NOT_FOUND';

/** Slack error strings worth retrying later; every other Slack error needs a person (token, channel, scopes). */
const retryableSlackErrors = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'network_error',
  'http_error_5xx',
]);

/**
 * A chat failure the runner can classify: `retryable` says whether trying again later can succeed
 * (rate limits, network, Slack 5xx) or not (`channel_not_found`, `not_in_channel`, `invalid_auth`, …).
 */
export class ChatError extends Error {
  override readonly name = 'ChatError';
  readonly code: ChatErrorCode;
  /** Slack's error string (`channel_not_found`), or `network_error` / `http_error_<status>`. */
  readonly slackError: string | undefined;
  readonly retryable: boolean;
  /** How long Slack asked us to wait, when it did. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ChatErrorCode,
    message: string,
    details: { slackError?: string; retryAfterMs?: number; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.code = code;
    this.slackError = details.slackError;
    this.retryAfterMs = details.retryAfterMs;
    this.retryable =
      details.retryable ?? (details.slackError !== undefined && retryableSlackErrors.has(details.slackError));
  }
}

/** True for a chat error that may succeed when tried again later. */
export function isRetryableChatError(error: unknown): boolean {
  return error instanceof ChatError && error.retryable;
}
