import { redact } from './redact.js';

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters (`&`, `<`, `>`), so text
 * from alerts and clusters cannot form links or mentions such as `<!channel>`.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Redacts, then escapes: the one way outside text enters an mrkdwn field. */
export function safeMrkdwn(text: string): string {
  return escapeMrkdwn(redact(text));
}

/** Cuts text to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Do not split an escape sequence (`&amp;`) at the cut.
  let cut = text.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && amp > cut.length - 5 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/** Text inside inline code, with backticks that would end the span removed. */
export function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/**
 * Turns Slack mrkdwn back into plain terminal text: `<!date^…|fallback>` and `<url|label>` become
 * their labels, entities are unescaped.
 */
export function mrkdwnToPlain(text: string): string {
  return text
    .replace(/<[^<>|]*\|([^<>]*)>/g, '$1')
    .replace(/<([^<>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
