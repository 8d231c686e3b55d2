import { type ChatAdapter, type ChatMessage, type MessageRef, renderHeadline } from '@triage/chat';
import { type Severity, severityOrder } from '@triage/core';
import type { Investigation, InvestigationStore } from './investigation-store.js';
import type { ThreadLocation } from './thread-pointer.js';

/** Posts an investigation's thread, remembering every message so a retried job never posts twice. */
export interface ThreadPoster {
  /** Posts the headline unless it was posted already; returns its reference. */
  ensureHeadline(investigation: Investigation): Promise<MessageRef>;
  /** Re-renders the headline from the stored state and runs. */
  refreshHeadline(investigation: Investigation, progress?: string): Promise<void>;
  /** Replies in the thread once per `key`. */
  replyOnce(investigation: Investigation, key: string, message: ChatMessage): Promise<void>;
  /** Uploads a file to the thread once per `key`. */
  uploadOnce(
    investigation: Investigation,
    key: string,
    file: { filename: string; content: string | Buffer },
  ): Promise<void>;
  /**
   * Posts `message(thread)` as a new message in `channel` once per `key`: a pointer from another channel
   * to this investigation's thread. The link is left out when chat has none or cannot give it.
   */
  pointOnce(
    investigation: Investigation,
    key: string,
    channel: string,
    message: (thread: ThreadLocation) => ChatMessage,
  ): Promise<void>;
}

/** Creates the poster over a chat adapter and the investigation store. */
export function createThreadPoster(
  chat: ChatAdapter,
  store: InvestigationStore,
  clock: () => Date,
): ThreadPoster {
  async function view(investigation: Investigation) {
    const runs = await store.runs(investigation.id);
    const counts: Partial<Record<Severity, number>> = {};
    for (const run of runs)
      for (const [severity, n] of Object.entries(run.counts) as [Severity, number][])
        counts[severity] = (counts[severity] ?? 0) + n;
    const tops = runs.flatMap((r) => (r.top ? [r.top] : []));
    tops.sort((a, b) => severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity));
    return {
      cluster: investigation.cluster,
      subject: investigation.subject,
      title: investigation.title,
      state: investigation.state,
      counts,
      signals: investigation.signals,
      startedAt: investigation.createdAt,
      updatedAt: clock().toISOString(),
      ...(tops[0] ? { topFinding: tops[0] } : {}),
    };
  }

  async function headlineRef(investigation: Investigation): Promise<MessageRef> {
    const ts = await store.message(investigation.id, 'headline');
    if (ts) return { channel: investigation.channel, ts };
    const ref = await chat.post(investigation.channel, renderHeadline(await view(investigation)));
    await store.saveMessage(investigation.id, 'headline', ref.ts);
    return ref;
  }

  return {
    ensureHeadline: headlineRef,
    async refreshHeadline(investigation, progress) {
      const ref = await headlineRef(investigation);
      const current = await view(investigation);
      await chat.update(ref, renderHeadline(progress ? { ...current, note: progress } : current));
    },
    async replyOnce(investigation, key, message) {
      if (await store.message(investigation.id, key)) return;
      const ref = await chat.reply(await headlineRef(investigation), message);
      await store.saveMessage(investigation.id, key, ref.ts);
    },
    async uploadOnce(investigation, key, file) {
      if (await store.message(investigation.id, key)) return;
      await chat.upload(await headlineRef(investigation), file);
      await store.saveMessage(investigation.id, key, 'file');
    },
    async pointOnce(investigation, key, channel, message) {
      if (await store.message(investigation.id, key)) return;
      const headline = await headlineRef(investigation);
      // A missing link makes the pointer less handy, not wrong: it still names the channel.
      const url = await chat.permalink?.(headline).catch(() => undefined);
      const ref = await chat.post(channel, message({ channel: headline.channel, ...(url ? { url } : {}) }));
      await store.saveMessage(investigation.id, key, ref.ts);
    },
  };
}
