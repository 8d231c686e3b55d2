import type { FastifyInstance } from 'fastify';
import type { Counter } from 'prom-client';
import secureJson from 'secure-json-parse';
import { GatewayError } from '../errors.js';
import { describeZodError } from '../normalise/describe-zod-error.js';
import type { SlackReply } from './command-handler.js';
import {
  type BlockActions,
  blockActionsSchema,
  type SlashCommand,
  slashCommandSchema,
  urlVerificationSchema,
} from './slack-payloads.js';
import type { SignatureHeaders, SignatureRejection } from './verify-slack-signature.js';

/** What `POST /slack/events` needs. */
export interface SlackRoutesDeps {
  verify(headers: SignatureHeaders, rawBody: string): SignatureRejection | undefined;
  handleCommand(body: SlashCommand): Promise<SlackReply>;
  /** Handles a button or select press; resolves once it is queued (or refused), before Slack's 3 s pass. */
  handleActions(payload: BlockActions): Promise<void>;
  /** `triage_slack_rejected_requests_total{reason}`. */
  rejected: Counter<'reason'>;
}

export const SLACK_EVENTS_PATH = '/slack/events';

function invalid(message: string): GatewayError {
  return new GatewayError('TRIAGE_ERR_GATEWAY_INVALID_PAYLOAD', message);
}

function parseJson(text: string): unknown {
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw invalid('payload is not valid JSON');
  }
}

/**
 * `POST /slack/events`: slash commands (form fields), interactions (form field `payload=` holding JSON)
 * and Events API callbacks (JSON; only the URL check is answered). The raw body's Slack signature is
 * checked before anything is parsed: unsigned, stale, forged and replayed requests get 401 and are counted.
 */
export function registerSlackRoutes(app: FastifyInstance, deps: SlackRoutesDeps): void {
  app.register(async (scope) => {
    // Signatures cover the raw bytes: keep the body as the string Slack signed.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      ['application/x-www-form-urlencoded', 'application/json'],
      { parseAs: 'string' },
      (_request, body, done) => done(null, body),
    );

    scope.post(SLACK_EVENTS_PATH, async (request, reply) => {
      const raw = typeof request.body === 'string' ? request.body : '';
      const rejection = deps.verify(
        {
          signature: request.headers['x-slack-signature'],
          timestamp: request.headers['x-slack-request-timestamp'],
        },
        raw,
      );
      if (rejection) {
        deps.rejected.inc({ reason: rejection });
        throw new GatewayError(
          'TRIAGE_ERR_GATEWAY_UNAUTHORIZED',
          `not a valid Slack request (${rejection} signature)`,
        );
      }
      if ((request.headers['content-type'] ?? '').startsWith('application/json')) {
        const check = urlVerificationSchema.safeParse(parseJson(raw));
        // Triage subscribes to no events; other callbacks are acknowledged and dropped.
        return check.success ? { challenge: check.data.challenge } : reply.code(200).send();
      }
      const form = Object.fromEntries(new URLSearchParams(raw));
      if (typeof form.payload === 'string') {
        const payload = blockActionsSchema.safeParse(parseJson(form.payload));
        if (!payload.success) throw invalid(`interaction: ${describeZodError(payload.error)}`);
        await deps.handleActions(payload.data);
        return reply.code(200).send();
      }
      const command = slashCommandSchema.safeParse(form);
      if (!command.success) throw invalid(`slash command: ${describeZodError(command.error)}`);
      return deps.handleCommand(command.data);
    });
  });
}
