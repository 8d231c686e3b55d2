import { isNamespaceName, isObjectName } from '@triage/kube';
import { ContainerLogsError, containerLogsErrorCodes } from './errors.js';

/** Longest string a template accepts as a literal (Kubernetes names stop at 253). */
const maxLiteralLength = 1024;

/** Longest look-back a template accepts: 7 days. */
export const maxSinceSeconds = 7 * 24 * 3600;

// Characters KQL would end or break a "..." literal on, and their escapes
// (https://learn.microsoft.com/kusto/query/scalar-data-types/string).
const escapes: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function fail(message: string): never {
  throw new ContainerLogsError(containerLogsErrorCodes.badValue, message);
}

/**
 * Quotes text as a KQL string literal: `"` and `\` escaped, newline/CR/tab as `\n` `\r` `\t`; other
 * control characters and text longer than 1024 characters are refused, so the literal always ends where
 * it should.
 *
 * @example kqlString('a"b') // '"a\\"b"'
 */
export function kqlString(value: string): string {
  if (value.length > maxLiteralLength) fail(`value is longer than ${maxLiteralLength} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
    fail(`value ${JSON.stringify(value.slice(0, 80))} contains control characters`);
  }
  return `"${value.replace(/[\\"\n\r\t]/g, (c) => escapes[c] as string)}"`;
}

/** A namespace as a KQL literal; refuses anything but a DNS-1123 label. */
export function kqlNamespace(namespace: string): string {
  if (!isNamespaceName(namespace)) {
    fail(
      `namespace ${JSON.stringify(namespace.slice(0, 80))} is not a Kubernetes namespace name (DNS-1123 label)`,
    );
  }
  return kqlString(namespace);
}

/** A pod, workload or container name as a KQL literal; refuses anything but a DNS-1123 subdomain. */
export function kqlObjectName(name: string, what: string): string {
  if (!isObjectName(name)) {
    fail(`${what} ${JSON.stringify(name.slice(0, 80))} is not a Kubernetes name (DNS-1123 subdomain)`);
  }
  return kqlString(name);
}

/** The pod-name prefix of a workload's pods (`<workload>-`) as a KQL literal; refuses anything but a DNS-1123 subdomain. */
export function kqlWorkloadPrefix(workload: string): string {
  kqlObjectName(workload, 'workload');
  return kqlString(`${workload}-`);
}

/** Checks a look-back in whole seconds: at least 1 s, at most 7 days. */
export function assertSinceSeconds(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > maxSinceSeconds) {
    fail(
      `time range must be a whole number of seconds between 1 and ${maxSinceSeconds} (7d), got ${seconds}`,
    );
  }
}

/** A look-back as a KQL timespan literal (`3600s`), for `ago(...)`. */
export function kqlTimespan(seconds: number): string {
  assertSinceSeconds(seconds);
  return `${seconds}s`;
}

/** A look-back as the ISO-8601 duration the query API's `timespan` takes (`PT3600S`). */
export function isoDuration(seconds: number): string {
  assertSinceSeconds(seconds);
  return `PT${seconds}S`;
}

const sinceUnits: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * Parses a look-back as people write it (`90s`, `30m`, `1h`, `7d`) into seconds; at most 7 days.
 *
 * @example parseSince('2h') // 7200
 */
export function parseSince(text: string): number {
  const match = /^(\d{1,7})([smhd])$/.exec(text.trim());
  if (!match) fail(`time range ${JSON.stringify(text.slice(0, 40))} must look like 90s, 30m, 1h or 7d`);
  const seconds = Number(match[1]) * (sinceUnits[match[2] as string] as number);
  assertSinceSeconds(seconds);
  return seconds;
}

/** Checks a row limit: a whole number from 1 to 10 000. */
export function assertRowLimit(rows: number): void {
  if (!Number.isInteger(rows) || rows < 1 || rows > 10_000) {
    fail(`row limit must be a whole number from 1 to 10000, got ${rows}`);
  }
}
