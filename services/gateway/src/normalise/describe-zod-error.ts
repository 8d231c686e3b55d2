import type { z } from 'zod';

const identifier = /^[A-Za-z_$][\w$]*$/;

/** `alerts[3].labels`, `data.essentials["alert id"]`: a JSON path a sender can find in its payload. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && identifier.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text || '(body)';
}

/** What is wrong with one field, without its path: `expected object`. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    // zod calls a string map a "record"; senders know it as a JSON object.
    const expected = issue.expected === 'record' ? 'object' : issue.expected;
    return `expected ${expected}`;
  }
  return issue.message;
}

/**
 * One line naming each bad field, e.g. `alerts[3].labels: expected object; version: expected "4"`.
 * Lists at most `limit` issues so a hostile payload cannot produce a huge message.
 */
export function describeZodError(error: z.ZodError, limit = 5): string {
  const shown = error.issues
    .slice(0, limit)
    .map((issue) => `${formatIssuePath(issue.path)}: ${describeIssue(issue)}`);
  const hidden = error.issues.length - shown.length;
  return hidden > 0 ? `${shown.join('; ')} (and ${hidden} more)` : shown.join('; ');
}
