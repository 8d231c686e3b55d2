import type { KnownBlock } from '@slack/types';
import type { Finding } from '@triage/core';

/** A Block Kit layout block, as Slack's `blocks` field takes it. */
export type SlackBlock = KnownBlock;

/** One chat message: plain text (fallback and notification text), optional blocks, and the findings it shows. */
export interface ChatMessage {
  /** Plain fallback; also what notifications and screen readers show. mrkdwn-escaped by the renderers. */
  text: string;
  blocks?: SlackBlock[];
  /** The findings this message presents, carried so transcripts and stores keep them verbatim. */
  findings?: Finding[];
}

/** Where a posted message lives; keep it to update or reply to the message later. */
export interface MessageRef {
  channel: string;
  /** Slack's message timestamp (`"1700000000.000100"`), unique within the channel. */
  ts: string;
}

/** A file for a thread (long evidence, a log bundle). */
export interface ChatFile {
  filename: string;
  title?: string;
  content: Buffer | string;
}

/**
 * What the runner talks to: one thread per investigation, a headline updated in place,
 * details as replies, long output as files. Implementations: console (terminal + transcript), Slack.
 */
export interface ChatAdapter {
  /** Posts a new top-level message (a thread's headline). */
  post(channel: string, message: ChatMessage): Promise<MessageRef>;
  /** Replaces a message posted earlier, keeping its ts. */
  update(ref: MessageRef, message: ChatMessage): Promise<void>;
  /** Posts a reply in the thread of `parent`. */
  reply(parent: MessageRef, message: ChatMessage): Promise<MessageRef>;
  /** Uploads a file into the thread of `parent`. */
  upload(parent: MessageRef, file: ChatFile): Promise<void>;
  /** A link people can open to reach the message (Slack: chat.getPermalink); absent where chat has no links. */
  permalink?(ref: MessageRef): Promise<string>;
}
