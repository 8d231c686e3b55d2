import { ContainerLogsError, containerLogsErrorCodes } from './errors.js';
import { assertRowLimit } from './kql-literal.js';

/** Longest raw or alert query accepted, in characters. */
export const maxQueryLength = 10_000;

function fail(message: string): never {
  throw new ContainerLogsError(containerLogsErrorCodes.badQuery, message);
}

/**
 * A query someone else wrote (a person's raw KQL, a log search alert rule's query) with a row limit
 * added: trailing `;` and blanks dropped, then `| take <rowLimit>` on a line of its own (after a
 * trailing `// comment` too). The time range is not written into the query: the caller passes it as
 * the API's `timespan`, which the service applies to every table the query reads, so the query can
 * narrow it but never widen it. The client also keeps at most `rowLimit` rows of every table, which
 * bounds queries with several results (`fork`, several statements) that one `take` cannot.
 * Refuses empty text, control characters, control commands (`.show …`) and more than 10 000 characters.
 *
 * @example boundedQuery('ContainerLogV2 | where LogLevel == "ERROR"', 500) // '…\n| take 500'
 */
export function boundedQuery(kql: string, rowLimit: number): string {
  assertRowLimit(rowLimit);
  if (kql.length > maxQueryLength) fail(`query is longer than ${maxQueryLength} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(kql)) fail('query contains control characters');
  const body = kql.replace(/[\s;]+$/, '');
  if (body.trim() === '') fail('query is empty');
  if (body.trimStart().startsWith('.')) fail('control commands (.show, .set, …) are not queries');
  return `${body}\n| take ${rowLimit}`;
}
