import { type ChatMessage, escapeMrkdwn } from '@triage/chat';
import type { Signal } from '@triage/core';
import type { Investigation } from './investigation-store.js';

/** Where an investigation's thread is: its channel, and a link to the headline when chat has links. */
export interface ThreadLocation {
  channel: string;
  url?: string;
}

/**
 * The note a chat command gets in its own channel when it joined an investigation whose thread is in
 * another channel: one thread per investigation stays the rule, so the person is told where to look.
 * `runsQueued` false: the command joined as a symptom and adds no run, so no findings are promised.
 */
export function renderThreadPointer(
  investigation: Investigation,
  signal: Signal,
  thread: ThreadLocation,
  runsQueued: boolean,
): ChatMessage {
  const who = signal.requestedBy ? `<@${escapeMrkdwn(signal.requestedBy)}>'s ` : '';
  const command = signal.annotations.command ?? signal.name;
  const where = thread.url
    ? `<${thread.url}|this thread> in ${channelMention(thread.channel)}`
    : `its thread in ${channelMention(thread.channel)}`;
  const findings = runsQueued ? ' The findings of this run will appear there.' : '';
  return {
    text:
      `:link: ${who}\`${escapeMrkdwn(command.replace(/`/g, "'"))}\` joined the open investigation of ` +
      `\`${escapeMrkdwn(investigation.subject)}\` on \`${escapeMrkdwn(investigation.cluster)}\`, ` +
      `which lives in ${where}.${findings}`,
  };
}

/** `<#C123>` for a channel ID (Slack shows its name), the escaped text for a `#name`. */
function channelMention(channel: string): string {
  return /^[CG][A-Z0-9]+$/.test(channel) ? `<#${channel}>` : escapeMrkdwn(channel);
}
