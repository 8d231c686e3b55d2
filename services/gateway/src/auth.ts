import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { GatewayError } from './errors.js';
import type { GatewayConfig } from './gateway-config.js';

const REALM = 'realm="triage"';

/** Compares secrets in constant time: equal-length SHA-256 digests, so the length leaks nothing either. */
export function secretsEqual(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function authorization(request: FastifyRequest, scheme: 'Bearer' | 'Basic'): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [given, ...rest] = header.trim().split(/\s+/);
  return given?.toLowerCase() === scheme.toLowerCase() && rest.length === 1 ? rest[0] : undefined;
}

function missing(scheme: 'Bearer' | 'Basic', what: string): GatewayError {
  return new GatewayError('TRIAGE_ERR_GATEWAY_UNAUTHORIZED', `missing credentials: ${what}`, {
    headers: { 'www-authenticate': `${scheme} ${REALM}` },
  });
}

function wrong(scheme: 'Bearer' | 'Basic'): GatewayError {
  // RFC 6750 names the error of a rejected bearer token; Basic has no such parameter.
  const challenge = scheme === 'Bearer' ? `Bearer ${REALM}, error="invalid_token"` : `Basic ${REALM}`;
  return new GatewayError('TRIAGE_ERR_GATEWAY_FORBIDDEN', 'credentials do not match the configured ones', {
    headers: { 'www-authenticate': challenge },
  });
}

/**
 * Checks Alertmanager's `http_config.authorization` (Bearer) or `basic_auth` against the config.
 * Throws 401 when the expected credentials are absent, 403 when they do not match; passes when no auth is configured.
 */
export function checkAlertmanagerAuth(
  request: FastifyRequest,
  auth: GatewayConfig['auth']['alertmanager'],
): void {
  if (auth?.bearerToken) {
    const token = authorization(request, 'Bearer');
    if (token === undefined) throw missing('Bearer', 'send "Authorization: Bearer <token>"');
    if (!secretsEqual(token, auth.bearerToken)) throw wrong('Bearer');
  } else if (auth?.basic) {
    const encoded = authorization(request, 'Basic');
    if (encoded === undefined) throw missing('Basic', 'send HTTP basic auth');
    const expected = `${auth.basic.username}:${auth.basic.password}`;
    if (!secretsEqual(Buffer.from(encoded, 'base64').toString('utf8'), expected)) throw wrong('Basic');
  }
}

/**
 * Checks the Azure Monitor token, taken from `?token=` (action groups cannot set headers),
 * `Authorization: Bearer` or `X-Triage-Token`. Throws 401 when absent, 403 when wrong; passes when none is configured.
 */
export function checkAzureMonitorAuth(
  request: FastifyRequest,
  auth: GatewayConfig['auth']['azureMonitor'],
): void {
  if (!auth?.token) return;
  const query = request.query as Record<string, unknown> | undefined;
  const header = request.headers['x-triage-token'];
  const given = [query?.token, authorization(request, 'Bearer'), header].find(
    (value): value is string => typeof value === 'string' && value.length > 0,
  );
  if (given === undefined)
    throw missing('Bearer', 'add ?token=<token> to the webhook URL or send X-Triage-Token');
  if (!secretsEqual(given, auth.token)) throw wrong('Bearer');
}
