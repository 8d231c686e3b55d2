import { slackSignatureHeaders } from '@triage/chat/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { fixture } from '../../support/fixtures.js';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const SLACK_PATH = '/slack/events';

/** Slack's headers for `body` sent at `timestampSec`. */
export function slackHeaders(
  body: string,
  timestampSec: number,
  secret = SIGNING_SECRET,
): Record<string, string> {
  return slackSignatureHeaders(body, secret, timestampSec);
}

/** A slash command's form body, fields in the order Slack sends them, with `text` and overrides. */
export function slashCommandBody(text: string, over: Record<string, string> = {}): string {
  const fields = { ...(fixture('slack', 'slash-command') as Record<string, string>), text, ...over };
  return new URLSearchParams(fields).toString();
}

/** An interaction's form body: `payload=` and the JSON, URL-encoded, as Slack posts it. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  }).toString();
}

/** The block_actions fixture with one action replaced (and overrides of top-level fields). */
export function blockActions(
  action: Record<string, unknown>,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  const base = fixture('slack', 'block-actions');
  const [first] = base.actions as Record<string, unknown>[];
  return { ...base, ...over, actions: [{ ...first, ...action }] };
}

/** POSTs a form body to /slack/events, signed at `timestampSec` unless `headers` says otherwise. */
export function postSlack(
  app: FastifyInstance,
  body: string,
  timestampSec: number,
  headers?: Record<string, string>,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: SLACK_PATH,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(headers ?? slackHeaders(body, timestampSec)),
    },
    payload: body,
  });
}
