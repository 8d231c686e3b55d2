import type { AuditEntry, AuditTrail } from '../../../src/slack/audit-trail.js';

/** An in-memory audit trail for route tests (the Redis one has its own test). */
export class MemoryAudit implements AuditTrail {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }
}
