import type { PreviousReport, ReportHistory } from '@triage/playbook-health-report';
import type { Cluster, Redis } from 'ioredis';

/** Reports kept per scope: enough to find the previous one after a retry or a late tick. */
const KEEP = 10;
const TTL_SECONDS = 90 * 24 * 3600;

/**
 * Report history in Redis: one hash per scope (`<prefix>:report:<scope>`, the scope a schedule's chain
 * `<cluster>:<schedule>` or the cluster's chain `<cluster>:@latest[:<digest>]`), field =
 * the report's time, value = its item keys as JSON. Saving the same time again overwrites; the
 * oldest beyond the last ten are dropped.
 */
export function createRedisReportHistory(redis: Redis | Cluster, prefix = 'triage'): ReportHistory {
  const key = (scope: string) => `${prefix}:report:${scope}`;

  async function all(scope: string): Promise<PreviousReport[]> {
    const fields = await redis.hgetall(key(scope));
    return Object.entries(fields)
      .map(([at, items]) => ({ at, items: JSON.parse(items) as string[] }))
      .sort((a, b) => b.at.localeCompare(a.at));
  }

  return {
    async previous(scope, before) {
      return (await all(scope)).find((r) => Date.parse(r.at) < before.getTime());
    },
    async save(scope, report) {
      await redis
        .multi()
        .hset(key(scope), report.at, JSON.stringify(report.items))
        .expire(key(scope), TTL_SECONDS)
        .exec();
      const stale = (await all(scope)).slice(KEEP).map((r) => r.at);
      if (stale.length > 0) await redis.hdel(key(scope), ...stale);
    },
  };
}
