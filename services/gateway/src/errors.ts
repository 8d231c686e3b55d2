/** Every error code the gateway answers with; the HTTP status each one maps to. */
export const gatewayErrorStatus = {
  TRIAGE_ERR_GATEWAY_CONFIG_INVALID: 500,
  TRIAGE_ERR_GATEWAY_UNAUTHORIZED: 401,
  TRIAGE_ERR_GATEWAY_FORBIDDEN: 403,
  TRIAGE_ERR_GATEWAY_BAD_REQUEST: 400,
  TRIAGE_ERR_GATEWAY_INVALID_JSON: 400,
  TRIAGE_ERR_GATEWAY_INVALID_PAYLOAD: 400,
  TRIAGE_ERR_GATEWAY_NOT_COMMON_SCHEMA: 400,
  TRIAGE_ERR_GATEWAY_NOT_FOUND: 404,
  TRIAGE_ERR_GATEWAY_BODY_TOO_LARGE: 413,
  TRIAGE_ERR_GATEWAY_UNSUPPORTED_MEDIA_TYPE: 415,
  TRIAGE_ERR_GATEWAY_QUEUE_UNAVAILABLE: 503,
  TRIAGE_ERR_GATEWAY_INTERNAL: 500,
} as const;

export type GatewayErrorCode = keyof typeof gatewayErrorStatus;

/**
 * An error the gateway answers with: a stable code, the HTTP status it maps to and a message
 * that says what was wrong and what to do. `headers` go on the reply (WWW-Authenticate, Retry-After).
 */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: GatewayErrorCode,
    message: string,
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.statusCode = gatewayErrorStatus[code];
    this.headers = options.headers ?? {};
  }
}

/** True for errors the gateway raised itself. */
export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}
