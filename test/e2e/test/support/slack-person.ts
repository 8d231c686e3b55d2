import type { StoredMessage } from '@triage/chat/testing';
import { slackSignatureHeaders } from '@triage/chat/testing';

export const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';
export const TEAM = { id: 'T0E2E', domain: 'triage-e2e' };

let triggers = 0;
const triggerId = () => `${Date.now()}.${++triggers}.e2e${triggers.toString(16).padStart(4, '0')}`;

/** POSTs a form body to the gateway's /slack/events, signed as Slack signs (or with `headers`). */
export function postToSlackEndpoint(
  url: string,
  body: string,
  headers?: Record<string, string>,
): Promise<Response> {
  return fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(headers ?? slackSignatureHeaders(body, SIGNING_SECRET)),
    },
    body,
  });
}

/** A Slack user in a channel, sending what Slack sends when they type `/triage …` or press a control. */
export function slackPerson(
  url: string,
  user: { id: string; name: string },
  channel: { id: string; name: string },
) {
  return {
    /** The slash command form body, field for field. */
    commandBody(text: string): string {
      return new URLSearchParams({
        token: 'deprecated-verification-token',
        team_id: TEAM.id,
        team_domain: TEAM.domain,
        channel_id: channel.id,
        channel_name: channel.name,
        user_id: user.id,
        user_name: user.name,
        command: '/triage',
        text,
        api_app_id: 'A0E2E',
        is_enterprise_install: 'false',
        response_url: 'https://hooks.slack.com/commands/T0E2E/1/abc',
        trigger_id: triggerId(),
      }).toString();
    },
    /** Types `/triage <text>`; resolves to the HTTP answer (the ack Slack shows). */
    async command(
      text: string,
    ): Promise<{ status: number; body: { response_type?: string; text?: string } }> {
      const response = await postToSlackEndpoint(url, this.commandBody(text));
      return {
        status: response.status,
        body: (await response.json()) as { response_type?: string; text?: string },
      };
    },
    /** Presses the control `actionId` on `message` (choosing the option whose label is `option`, for a select). */
    async press(message: StoredMessage, actionId: string, option?: string): Promise<number> {
      const blocks = (message.blocks ?? []) as { block_id?: string; elements?: Control[] }[];
      const block = blocks.find((b) => b.elements?.some((e) => e.action_id === actionId));
      const control = block?.elements?.find((e) => e.action_id === actionId);
      if (!control) throw new Error(`no control ${actionId} on message ${message.ts}`);
      const chosen = control.options?.find((o) => o.text.text === option);
      const action = {
        action_id: actionId,
        // Slack names the block that holds the control.
        block_id: block?.block_id,
        type: control.type,
        action_ts: `${Date.now() / 1000}`,
        ...(control.type === 'button'
          ? { value: control.value, text: control.text }
          : { selected_option: chosen, placeholder: control.placeholder }),
      };
      const payload = {
        type: 'block_actions',
        user: { id: user.id, username: user.name, name: user.name, team_id: TEAM.id },
        api_app_id: 'A0E2E',
        token: 'deprecated-verification-token',
        container: {
          type: 'message',
          message_ts: message.ts,
          channel_id: message.channel,
          is_ephemeral: false,
          thread_ts: message.threadTs,
        },
        trigger_id: triggerId(),
        team: TEAM,
        enterprise: null,
        is_enterprise_install: false,
        channel: { id: channel.id, name: channel.name },
        message: {
          type: 'message',
          subtype: 'bot_message',
          text: message.text,
          ts: message.ts,
          thread_ts: message.threadTs,
          blocks: message.blocks,
        },
        state: { values: {} },
        response_url: 'https://hooks.slack.com/actions/T0E2E/1/abc',
        actions: [action],
      };
      const response = await postToSlackEndpoint(
        url,
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      );
      return response.status;
    },
  };
}

interface Control {
  type: string;
  action_id: string;
  value?: string;
  text?: unknown;
  placeholder?: unknown;
  options?: { text: { text: string }; value: string }[];
}
