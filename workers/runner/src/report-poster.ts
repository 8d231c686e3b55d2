import { type ChatAdapter, type MessageRef, renderFindings } from '@triage/chat';
import type { Finding } from '@triage/core';
import type { Cluster, Redis } from 'ioredis';

const TTL_SECONDS = 7 * 24 * 3600;

/** Posts a health report: the headline finding as one message, the other findings in its thread. */
export interface ReportPoster {
  /** Posts once per `reportKey`: a retried job finds what was sent and sends only the rest. */
  post(reportKey: string, channel: string, findings: readonly Finding[]): Promise<MessageRef | undefined>;
}

/**
 * A report poster that remembers every message of a report in Redis
 * (`<prefix>:report-msg:<reportKey>`, kept 7 days), as the thread poster does for investigations.
 */
export function createReportPoster(
  chat: ChatAdapter,
  redis: Redis | Cluster,
  prefix = 'triage',
): ReportPoster {
  return {
    async post(reportKey, channel, findings) {
      const [headline, ...details] = findings;
      if (!headline) return undefined;
      const key = `${prefix}:report-msg:${reportKey}`;
      const sent = async (part: string) => (await redis.hget(key, part)) ?? undefined;
      const remember = (part: string, ts: string) =>
        redis.multi().hset(key, part, ts).expire(key, TTL_SECONDS).exec();

      const top = renderFindings([headline], { maxMessages: 1 });
      let ts = await sent('headline');
      if (!ts && top.messages[0]) {
        ts = (await chat.post(channel, top.messages[0])).ts;
        await remember('headline', ts);
      }
      if (!ts) return undefined;
      const parent = { channel, ts };
      const thread = renderFindings(details);
      for (const [i, message] of thread.messages.entries()) {
        if (await sent(`reply:${i}`)) continue;
        await remember(`reply:${i}`, (await chat.reply(parent, message)).ts);
      }
      // The headline's files (the CSV of every item) and the thread's overflow go under the thread.
      for (const [i, file] of [...top.files, ...thread.files].entries()) {
        if (await sent(`file:${i}`)) continue;
        await chat.upload(parent, file);
        await remember(`file:${i}`, 'file');
      }
      return parent;
    },
  };
}
