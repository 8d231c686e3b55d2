import { SocketModeClient } from '@slack/socket-mode';
import { describeZodError } from '../normalise/describe-zod-error.js';
import type { SlackHandlers } from './slack-app.js';
import { blockActionsSchema, slashCommandSchema } from './slack-payloads.js';

/** The part of `SocketModeClient` the gateway uses; tests pass a fake. */
export interface SocketClient {
  on(event: 'slash_commands' | 'interactive', listener: (args: SocketEnvelope) => Promise<void>): unknown;
  start(): Promise<unknown>;
  disconnect(): Promise<void>;
}

/** What Socket Mode hands a listener: the payload Slack would have POSTed, and the ack. */
export interface SocketEnvelope {
  body: unknown;
  ack(response?: Record<string, unknown>): Promise<void>;
}

/** `SocketModeClient` over an app-level token (`xapp-…`, scope `connections:write`). */
export function createSocketClient(appToken: string): SocketClient {
  return new SocketModeClient({ appToken }) as unknown as SocketClient;
}

type Log = { warn(obj: object, msg: string): void };

/**
 * Feeds Socket Mode envelopes to the same handlers as `POST /slack/events`: slash commands are answered in
 * the ack (ephemeral), interactions acked once queued. Slack signs nothing here: the WebSocket itself is
 * authenticated by the app token. Malformed payloads are acked with an error and logged.
 */
export function attachSocketMode(client: SocketClient, handlers: SlackHandlers, log?: Log): void {
  client.on('slash_commands', async ({ body, ack }) => {
    const command = slashCommandSchema.safeParse(body);
    if (!command.success) {
      log?.warn({ problem: describeZodError(command.error) }, 'malformed slash command over Socket Mode');
      await ack({ response_type: 'ephemeral', text: 'Triage could not read this command.' });
      return;
    }
    await ack({ ...(await handlers.handleCommand(command.data)) });
  });
  client.on('interactive', async ({ body, ack }) => {
    const payload = blockActionsSchema.safeParse(body);
    if (!payload.success) {
      log?.warn({ problem: describeZodError(payload.error) }, 'unhandled interaction over Socket Mode');
      await ack();
      return;
    }
    await handlers.handleActions(payload.data);
    await ack();
  });
}
