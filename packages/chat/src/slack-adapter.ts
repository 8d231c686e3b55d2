import { setTimeout as sleep } from 'node:timers/promises';
import { LogLevel, type Logger as SlackLogger, WebClient } from '@slack/web-api';
import type { Logger } from '@triage/core';
import type { ChatAdapter, ChatMessage } from './chat-adapter.js';
import { createChannelQueue } from './channel-queue.js';
import type { ChatError } from './errors.js';
import { toChatError } from './slack-errors.js';

/** Options of {@link createSlackAdapter}. */
export interface SlackAdapterOptions {
  /** Bot token (`xoxb-…`). Never logged. */
  token: string;
  /** Web API base URL (default `https://slack.com/api/`); `TRIAGE_SLACK_API_URL` points it at a proxy or test server. */
  apiUrl?: string;
  /** Least time between two calls on one channel (default 1000: Slack's ~1 message/s/channel). */
  minIntervalMs?: number;
  /** How many 429s in a row one call waits out before failing with a retryable error (default 3). */
  maxRateLimitRetries?: number;
  /** Longest Retry-After waited out in place (default 30 s); longer ones fail at once, retryable. */
  maxRetryAfterMs?: number;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * The Slack adapter: chat.postMessage / chat.update, replies with `thread_ts`, files with
 * files.uploadV2 (getUploadURLExternal → upload → completeUploadExternal into the thread), links with
 * chat.getPermalink.
 * Every call on a channel goes through one FIFO queue, spaced `minIntervalMs` apart; channels are
 * independent. A 429 holds the channel for its Retry-After, a bounded number of times. Failures are
 * ChatErrors with code `TRIAGE_ERR_CHAT_SLACK`, the Slack error string and `retryable`.
 *
 * @example const chat = createSlackAdapter({ token: env.SLACK_BOT_TOKEN, apiUrl: env.TRIAGE_SLACK_API_URL });
 */
export function createSlackAdapter(options: SlackAdapterOptions): ChatAdapter {
  const log = options.logger;
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl ?? 'https://slack.com/api/',
    // 429s come back to us so the channel queue, not WebClient's shared queue, waits them out (bounded).
    rejectRateLimitedCalls: true,
    // Network errors and 5xx: a short, bounded retry inside WebClient.
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000 },
    timeout: options.timeoutMs ?? 15_000,
    // Request errors would otherwise carry the request, Authorization header included.
    attachOriginalToWebAPIRequestError: false,
    logger: slackLogger(log),
  });
  const queue = createChannelQueue({ minIntervalMs: options.minIntervalMs ?? 1000 });

  /** Runs one Web API call in the channel's queue, waiting out 429s within the budget. */
  const send = <T>(channel: string, method: string, call: () => Promise<T>): Promise<T> =>
    queue.run(channel, async () => {
      for (let attempt = 0; ; attempt += 1) {
        let error: ChatError;
        try {
          return await call();
        } catch (thrown) {
          error = toChatError(thrown, method);
        }
        const wait = error.retryAfterMs;
        if (wait === undefined || attempt >= maxRetries || wait > maxRetryAfterMs) {
          log?.warn(
            { method, channel, slackError: error.slackError, retryable: error.retryable },
            'slack call failed',
          );
          throw error;
        }
        log?.info(
          { method, channel, retryAfterMs: wait, attempt: attempt + 1 },
          'slack rate limited, waiting',
        );
        await sleep(wait);
      }
    });

  const content = (message: ChatMessage) => ({
    text: message.text,
    ...(message.blocks && { blocks: message.blocks }),
    unfurl_links: false,
    unfurl_media: false,
  });

  return {
    async post(channel, message) {
      const result = await send(channel, 'chat.postMessage', () =>
        client.chat.postMessage({ channel, ...content(message) }),
      );
      const id = result.channel ?? channel;
      // A post to `#alerts` answers with the channel id, which later calls use: one queue for both.
      queue.link(channel, id);
      return { channel: id, ts: requireTs(result.ts, 'chat.postMessage') };
    },

    async update(ref, message) {
      await send(ref.channel, 'chat.update', () =>
        client.chat.update({ channel: ref.channel, ts: ref.ts, ...content(message) }),
      );
    },

    async reply(parent, message) {
      const result = await send(parent.channel, 'chat.postMessage', () =>
        client.chat.postMessage({ channel: parent.channel, thread_ts: parent.ts, ...content(message) }),
      );
      return { channel: result.channel ?? parent.channel, ts: requireTs(result.ts, 'chat.postMessage') };
    },

    async upload(parent, file) {
      const data = typeof file.content === 'string' ? { content: file.content } : { file: file.content };
      await send(parent.channel, 'files.uploadV2', () =>
        client.files.uploadV2({
          channel_id: parent.channel,
          thread_ts: parent.ts,
          filename: file.filename,
          title: file.title ?? file.filename,
          ...data,
        }),
      );
    },

    // Not a post: outside the channel's pacing queue, so a link is not held behind the thread's replies.
    async permalink(ref) {
      try {
        const result = await client.chat.getPermalink({ channel: ref.channel, message_ts: ref.ts });
        if (!result.permalink) throw new Error('answer carried no permalink');
        return result.permalink;
      } catch (thrown) {
        throw toChatError(thrown, 'chat.getPermalink');
      }
    },
  };
}

function requireTs(ts: string | undefined, method: string): string {
  if (!ts) throw toChatError(new Error('answer carried no ts'), method);
  return ts;
}

/** WebClient's logger interface onto ours (silent without one); debug (request bodies) is dropped. */
export function slackLogger(log: Logger | undefined): SlackLogger {
  let level = LogLevel.INFO;
  const forward =
    (write: ((msg: string) => void) | undefined) =>
    (...msgs: unknown[]) =>
      write?.(msgs.map((m) => (m instanceof Error ? m.message : String(m))).join(' '));
  return {
    debug: () => {},
    info: forward(log && ((msg) => log.debug({ component: 'slack-web-api' }, msg))),
    warn: forward(log && ((msg) => log.warn({ component: 'slack-web-api' }, msg))),
    error: forward(log && ((msg) => log.error({ component: 'slack-web-api' }, msg))),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
