import { WebClient } from '@slack/web-api';
import { slackLogger } from '@triage/chat';
import type { Logger } from '@triage/core';

/** Bot token, Web API base URL (`TRIAGE_SLACK_API_URL`) and where WebClient's notes go (default nowhere). */
export interface SlackApiOptions {
  token: string;
  apiUrl?: string;
  logger?: Logger;
}

/** A WebClient with bounded calls (default 5 s, up to 3 retries, rate limits waited out) that never logs tokens. */
function webClient(options: SlackApiOptions, bounds = { timeoutMs: 5000, retries: 3 }): WebClient {
  return new WebClient(options.token, {
    slackApiUrl: options.apiUrl ?? 'https://slack.com/api/',
    timeout: bounds.timeoutMs,
    retryConfig: { retries: bounds.retries, minTimeout: 500, maxTimeout: 2000 },
    attachOriginalToWebAPIRequestError: false,
    logger: slackLogger(options.logger),
  });
}

/** Messages the gateway sends itself: answers to button presses. */
export interface SlackNotifier {
  /** A message only `user` sees, in the thread when `threadTs` is given. */
  ephemeral(target: { channel: string; user: string; threadTs?: string }, text: string): Promise<void>;
  /** A reply everyone in the thread sees. */
  reply(target: { channel: string; threadTs: string }, text: string): Promise<void>;
}

/**
 * The notifier on the Slack Web API (bot token; `apiUrl` for a proxy or the test server). Calls are bounded
 * (see {@link webClient}); failures are for the caller to log, a lost notice never fails the press itself.
 */
export function createSlackNotifier(options: SlackApiOptions): SlackNotifier {
  const client = webClient(options);
  return {
    async ephemeral({ channel, user, threadTs }, text) {
      await client.chat.postEphemeral({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    },
    async reply({ channel, threadTs }, text) {
      await client.chat.postMessage({ channel, thread_ts: threadTs, text, unfurl_links: false });
    },
  };
}

/** Members of a Slack user group, via `usergroups.users.list` (scope `usergroups:read`). */
export function createGroupMembersLookup(options: SlackApiOptions) {
  // Asked while a command waits for its ack (3 s): one quick try; a failure denies, and is not cached.
  const client = webClient(options, { timeoutMs: 1500, retries: 0 });
  return async (groupId: string): Promise<readonly string[]> => {
    const result = await client.usergroups.users.list({ usergroup: groupId });
    return result.users ?? [];
  };
}
