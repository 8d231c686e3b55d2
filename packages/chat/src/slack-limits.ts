import type { SlackBlock } from './chat-adapter.js';

/**
 * Slack's message limits (reference/protocols.md §7.3) and our own budget below them.
 * Slack rejects aggregate block text far below its 40,000-character `text` limit (`msg_blocks_too_long`,
 * ~13k observed), so messages we render stay under `maxMessageChars`.
 */
export const slackLimits = {
  maxBlocks: 50,
  maxSectionText: 3000,
  maxHeaderText: 150,
  maxContextElements: 10,
  maxText: 40_000,
  maxMessageChars: 12_000,
} as const;

/** The text a block carries, for size accounting. */
export function blockText(block: SlackBlock): string {
  switch (block.type) {
    case 'section':
      return [block.text?.text ?? '', ...(block.fields ?? []).map((f) => f.text)].join('\n');
    case 'header':
      return block.text.text;
    case 'context':
      return block.elements.map((e) => ('text' in e ? e.text : '')).join(' ');
    default:
      return '';
  }
}

/**
 * Every way a message breaks Slack's block limits or a character budget (default: ours); empty when it is fine.
 */
export function checkMessageLimits(
  message: { text: string; blocks?: SlackBlock[] },
  maxChars: number = slackLimits.maxMessageChars,
): string[] {
  const problems: string[] = [];
  const blocks = message.blocks ?? [];
  if (blocks.length > slackLimits.maxBlocks)
    problems.push(`${blocks.length} blocks > ${slackLimits.maxBlocks}`);
  let total = message.text.length;
  blocks.forEach((block, i) => {
    const text = blockText(block);
    total += text.length;
    if (block.type === 'section' && (block.text?.text.length ?? 0) > slackLimits.maxSectionText)
      problems.push(`block ${i}: section text ${block.text?.text.length} > ${slackLimits.maxSectionText}`);
    if (block.type === 'header' && text.length > slackLimits.maxHeaderText)
      problems.push(`block ${i}: header text ${text.length} > ${slackLimits.maxHeaderText}`);
    if (block.type === 'context' && block.elements.length > slackLimits.maxContextElements)
      problems.push(
        `block ${i}: ${block.elements.length} context elements > ${slackLimits.maxContextElements}`,
      );
  });
  if (total > maxChars) problems.push(`${total} characters > ${maxChars}`);
  return problems;
}
