import { createHmac } from 'node:crypto';

/**
 * The headers Slack signs a request with: `X-Slack-Request-Timestamp` and `X-Slack-Signature` =
 * `v0=` + hex HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`). For tests that play Slack.
 *
 * @example fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignatureHeaders(body, secret) } })
 */
export function slackSignatureHeaders(
  body: string,
  signingSecret: string,
  timestampSec = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSec), 'x-slack-signature': `v0=${signature}` };
}
