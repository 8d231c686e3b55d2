/** Longest template kept: lines that differ only past this point are one group. */
const maxTemplateLength = 300;

// Order matters: timestamps and GUIDs before hex, IPs before plain numbers.
const placeholders: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<guid>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<ip>'],
  [/\b[0-9a-f]{1,4}(?::{1,2}[0-9a-f]{1,4}){2,7}\b/gi, '<ip>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  // Digits glued to a unit (`3000ms`) count; digits inside a word (`V2`, `sha256`) do not.
  [/(?<![A-Za-z0-9_<])\d+(?:\.\d+)?/g, '<n>'],
];

/**
 * The shape of a log message with its variable parts replaced (`<time>`, `<guid>`, `<ip>`, `<hex>`,
 * `<n>`), whitespace collapsed and cut at 300 characters, so that lines differing only in those parts group.
 *
 * @example messageTemplate('dial tcp 10.0.4.9:5432: i/o timeout after 3000ms') // 'dial tcp <ip>: i/o timeout after <n>ms'
 */
export function messageTemplate(message: string): string {
  let out = message;
  for (const [pattern, replacement] of placeholders) out = out.replace(pattern, replacement);
  return out.replace(/\s+/g, ' ').trim().slice(0, maxTemplateLength);
}
