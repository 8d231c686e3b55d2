import { createHash } from 'node:crypto';
import { MAX_OFFERED_FIXES, type OfferedFix } from '@triage/chat';
import type { Finding, RemediationChange } from '@triage/core';
import type { Cluster, Redis } from 'ioredis';

/**
 * The changes offered under a run's findings (Apply fix buttons), kept in Redis so that a button
 * carries only a reference: what is applied is what Triage checked, never what a request says.
 */
export interface FixStore {
  /** Stores the fixes of one investigation (idempotent: a retried run stores the same refs). */
  save(investigationId: string, fixes: readonly OfferedFix[]): Promise<void>;
  get(investigationId: string, ref: string): Promise<RemediationChange | undefined>;
}

const FIX_TTL_SECONDS = 14 * 24 * 3600;

/** Creates the store on `redis`, under `<prefix>:inv:<id>:fixes`. */
export function createFixStore(redis: Redis | Cluster, prefix = 'triage'): FixStore {
  const key = (id: string) => `${prefix}:inv:${id}:fixes`;
  return {
    async save(investigationId, fixes) {
      if (fixes.length === 0) return;
      const fields = Object.fromEntries(fixes.map((f) => [f.ref, JSON.stringify(f.change)]));
      await redis
        .multi()
        .hset(key(investigationId), fields)
        .expire(key(investigationId), FIX_TTL_SECONDS)
        .exec();
    },
    async get(investigationId, ref) {
      const json = await redis.hget(key(investigationId), ref);
      return json ? (JSON.parse(json) as RemediationChange) : undefined;
    },
  };
}

/**
 * The fixes a run offers: every change of the (sorted) findings, referenced as `<run digest>.<n>`
 * so a retried run yields the same references.
 */
export function offeredFixes(runJobId: string, findings: readonly Finding[]): OfferedFix[] {
  const run = createHash('sha256').update(runJobId).digest('hex').slice(0, 12);
  return findings
    .flatMap((f) => f.remediation?.changes ?? [])
    .slice(0, MAX_OFFERED_FIXES)
    .map((change, n) => ({ ref: `${run}.${n}`, change }));
}
