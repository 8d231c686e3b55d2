import type { ChatMessage, SlackBlock } from './chat-adapter.js';
import { mrkdwnToPlain } from './mrkdwn.js';

// The emoji our renderers use, shown as characters in a terminal.
const emoji: Record<string, string> = {
  ':red_circle:': '🔴',
  ':large_orange_circle:': '🟠',
  ':large_blue_circle:': '🔵',
  ':large_green_circle:': '🟢',
  ':rotating_light:': '🚨',
  ':mag:': '🔍',
  ':clipboard:': '📋',
  ':white_check_mark:': '✅',
  ':x:': '❌',
  ':warning:': '⚠️',
  ':wrench:': '🔧',
  ':hourglass_flowing_sand:': '⏳',
  ':page_facing_up:': '📄',
  ':paperclip:': '📎',
};

/** Styles for a terminal; identity functions when colour is off. */
export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
}

export const plainStyle: TextStyle = { bold: (t) => t, dim: (t) => t };
export const ansiStyle: TextStyle = { bold: (t) => `\x1b[1m${t}\x1b[22m`, dim: (t) => `\x1b[2m${t}\x1b[22m` };

/** A message as terminal lines: blocks when there are any (header bold, context dim), else its text. */
export function messageLines(message: ChatMessage, style: TextStyle): string[] {
  if (!message.blocks || message.blocks.length === 0) return toTerminal(message.text).split('\n');
  return message.blocks.flatMap((block) => blockLines(block, style));
}

function blockLines(block: SlackBlock, style: TextStyle): string[] {
  switch (block.type) {
    case 'header':
      return [style.bold(toTerminal(block.text.text))];
    case 'section':
      return toTerminal(block.text?.text ?? '').split('\n');
    case 'context':
      return [style.dim(block.elements.map((e) => ('text' in e ? toTerminal(e.text) : '')).join(' '))];
    case 'divider':
      return [style.dim('────')];
    default:
      return [style.dim(`[${block.type}]`)];
  }
}

function toTerminal(text: string): string {
  return mrkdwnToPlain(text).replace(/:[a-z_]+:/g, (name) => emoji[name] ?? name);
}
