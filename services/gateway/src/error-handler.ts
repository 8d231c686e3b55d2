import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError, type GatewayErrorCode, isGatewayError } from './errors.js';

const MAX_MESSAGE_LENGTH = 300;

/** Explains a fastify (or unexpected) error as a {@link GatewayError}; unknown errors become 500. */
export function toGatewayError(error: unknown, bodyLimit: number): GatewayError {
  if (isGatewayError(error)) return error;
  const { code, statusCode, message } = error as Partial<FastifyError>;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const text = `request body is larger than the ${bodyLimit}-byte limit`;
    return new GatewayError('TRIAGE_ERR_GATEWAY_BODY_TOO_LARGE', text, { cause: error });
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const text = 'send the alert as JSON with "Content-Type: application/json"';
    return new GatewayError('TRIAGE_ERR_GATEWAY_UNSUPPORTED_MEDIA_TYPE', text, { cause: error });
  }
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    // Other client errors fastify detects (bad Content-Length, malformed URL, …).
    const detail = String(message ?? 'bad request').slice(0, MAX_MESSAGE_LENGTH);
    return new GatewayError('TRIAGE_ERR_GATEWAY_BAD_REQUEST', `bad request: ${detail}`, { cause: error });
  }
  const text = 'internal error; the request was not stored, retry later';
  return new GatewayError('TRIAGE_ERR_GATEWAY_INTERNAL', text, { cause: error });
}

/** The reason label of `triage_gateway_rejections_total`: `TRIAGE_ERR_GATEWAY_BODY_TOO_LARGE` → `body_too_large`. */
export function rejectionReason(code: GatewayErrorCode): string {
  return code.replace('TRIAGE_ERR_GATEWAY_', '').toLowerCase();
}

/** The one error handler: a JSON body `{ statusCode, code, message }`, the error's headers, and a log line. */
export function createErrorHandler(options: {
  bodyLimit: number;
  onRejected: (error: GatewayError) => void;
}) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const gatewayError = toGatewayError(error, options.bodyLimit);
    options.onRejected(gatewayError);
    if (gatewayError.statusCode >= 500) request.log.error({ err: error }, gatewayError.message);
    else request.log.info({ code: gatewayError.code }, gatewayError.message);
    return reply
      .code(gatewayError.statusCode)
      .headers(gatewayError.headers)
      .send({ statusCode: gatewayError.statusCode, code: gatewayError.code, message: gatewayError.message });
  };
}
