import { type AuditEntry, readAuditTrail } from '@triage/gateway';
import type { TriageConfig } from '../config.js';
import { createRedisConnection } from '../redis-connection.js';

/** One line per entry: time, outcome, who, where, what, with what, rule and detail. */
export function formatAuditEntry(entry: AuditEntry): string {
  const params = Object.keys(entry.params ?? {}).length > 0 ? ` ${JSON.stringify(entry.params)}` : '';
  const cluster = entry.cluster ? ` cluster=${entry.cluster}` : '';
  const rule = entry.rule ? ` rule=${entry.rule}` : '';
  const detail = entry.detail ? ` — ${entry.detail}` : '';
  return `${entry.at} ${entry.outcome.padEnd(8)} ${entry.user} in ${entry.channel} ${entry.via} ${entry.action}${params}${cluster}${rule}${detail}`;
}

/**
 * `triage audit [--count N] [--json]`: the newest Slack commands and button presses from the audit stream
 * (`<prefix>:audit`), oldest first.
 */
export async function auditCommand(
  config: TriageConfig,
  options: { count: number; json: boolean },
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  const redis = createRedisConnection(config.redis, { maxRetriesPerRequest: 1 });
  try {
    const entries = await readAuditTrail(redis, config.redis.prefix, options.count);
    for (const entry of entries) write(options.json ? JSON.stringify(entry) : formatAuditEntry(entry));
    if (entries.length === 0 && !options.json) write('no audit entries');
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}
