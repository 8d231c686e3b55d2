import type { Cluster, Redis } from 'ioredis';

/** What happened to a command or button press. */
export type AuditOutcome = 'queued' | 'answered' | 'denied' | 'invalid' | 'done' | 'failed';

/** One audited command or button press: who, where, what, with what, how it ended, when. */
export interface AuditEntry {
  /** ISO 8601. */
  at: string;
  user: string;
  channel: string;
  /** `command` (a `/triage …`) or `button`. */
  via: 'command' | 'button';
  action: string;
  params: Record<string, unknown>;
  cluster?: string;
  outcome: AuditOutcome;
  /** The authorization rule that decided. */
  rule?: string;
  /** Why it was denied or failed, or what it produced (a silence id). */
  detail?: string;
}

/** Writes and reads the audit trail. */
export interface AuditTrail {
  record(entry: AuditEntry): Promise<void>;
}

/** Stream key of the audit trail under a key prefix. */
export const auditStreamKey = (prefix: string): string => `${prefix}:audit`;

/** Roughly how many entries the stream keeps (`XADD … MAXLEN ~`). */
export const AUDIT_MAX_ENTRIES = 100_000;

/**
 * The audit trail on a Redis stream (`<prefix>:audit`, trimmed to about {@link AUDIT_MAX_ENTRIES}) and the
 * structured log. A Redis failure is logged with the entry and does not fail the request: the log line stays.
 */
export function createAuditTrail(options: {
  redis: Redis | Cluster;
  prefix: string;
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}): AuditTrail {
  const key = auditStreamKey(options.prefix);
  return {
    async record(entry) {
      options.log?.info({ audit: entry }, 'slack audit');
      const fields = Object.entries(entry).flatMap(([name, value]) =>
        value === undefined ? [] : [name, typeof value === 'string' ? value : JSON.stringify(value)],
      );
      try {
        await options.redis.xadd(key, 'MAXLEN', '~', String(AUDIT_MAX_ENTRIES), '*', ...fields);
      } catch (error) {
        options.log?.error({ err: error, audit: entry }, 'audit entry not stored in Redis');
      }
    },
  };
}

/** Reads the newest `count` entries, oldest first. */
export async function readAuditTrail(
  redis: Redis | Cluster,
  prefix: string,
  count = 50,
): Promise<AuditEntry[]> {
  const rows = await redis.xrevrange(auditStreamKey(prefix), '+', '-', 'COUNT', count);
  return rows.reverse().map(([, fields]) => {
    const entry: Record<string, unknown> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const name = fields[i] as string;
      const value = fields[i + 1] as string;
      entry[name] = name === 'params' ? safeJson(value) : value;
    }
    return entry as unknown as AuditEntry;
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
