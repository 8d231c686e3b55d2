import { WebClient } from '@slack/web-api';

/** Messages the gateway sends itself: answers to button presses. */
export interface SlackNotifier {
  /** A message only `user` sees, in the thread when `threadTs` is given. */
  ephemeral(target: { channel: string; user: string; threadTs?: string }, text: string): Promise<void>;
  /** A reply everyone in the thread sees. */
  reply(target: { channel: string; threadTs: string }, text: string): Promise<void>;
}

/**
 * The notifier on the Slack Web API (bot token; `apiUrl` for a proxy or the test server). Calls are bounded
 * (5 s, one retry); failures are for the caller to log, a lost notice never fails the press itself.
 */
export function createSlackNotifier(options: { token: string; apiUrl?: string }): SlackNotifier {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl ?? 'https://slack.com/api/',
    timeout: 5000,
    retryConfig: { retries: 3, minTimeout: 500, maxTimeout: 2000 },
    attachOriginalToWebAPIRequestError: false,
  });
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
export function createGroupMembersLookup(options: { token: string; apiUrl?: string }) {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl ?? 'https://slack.com/api/',
    timeout: 5000,
    retryConfig: { retries: 3, minTimeout: 500, maxTimeout: 2000 },
    attachOriginalToWebAPIRequestError: false,
  });
  return async (groupId: string): Promise<readonly string[]> => {
    const result = await client.usergroups.users.list({ usergroup: groupId });
    return result.users ?? [];
  };
}
