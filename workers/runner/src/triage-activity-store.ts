import type { ActivitySource, TriageActivity } from '@triage/playbook-health-report';
import type { Cluster, Redis } from 'ioredis';

const NOISIEST = 5;
const SCAN_COUNT = 500;

/** The alert name of an investigation title (a symptom's title is `<alert> on <subject>`). */
function alertName(title: string): string {
  return title.replace(/ on (node|pod|workload|service|namespace)\/\S*$/, '');
}

/**
 * Triage's activity from the investigation records the runner keeps in Redis (14 days): the
 * investigations of the cluster opened in the period, the alerts that joined them (a repeat inside
 * the dedupe window is not counted), grouped by alert name for the noisiest, and how many are open.
 * Reads the records with SCAN (on every master of a Redis Cluster), pipelining their fields.
 */
export function createRedisActivitySource(redis: Redis | Cluster, prefix = 'triage'): ActivitySource {
  const record = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:inv:[^:]+$`);
  return {
    async activity(cluster, since, until): Promise<TriageActivity> {
      const byName = new Map<string, number>();
      let opened = 0;
      let alerts = 0;
      const nodes =
        'isCluster' in redis && redis.isCluster ? (redis as Cluster).nodes('master') : [redis as Redis];
      for (const node of nodes)
        for await (const keys of node.scanStream({ match: `${prefix}:inv:*`, count: SCAN_COUNT })) {
          const records = (keys as string[]).filter((k) => record.test(k));
          if (records.length === 0) continue;
          const pipeline = node.pipeline();
          for (const k of records) pipeline.hmget(k, 'cluster', 'createdAt', 'title', 'signals');
          for (const [, fields] of (await pipeline.exec()) ?? []) {
            const [c, createdAt, title, signals] = (fields ?? []) as (string | null)[];
            const created = Date.parse(createdAt ?? '');
            if (c !== cluster || !(created >= since.getTime() && created < until.getTime())) continue;
            const count = Number(signals ?? 0);
            opened++;
            alerts += count;
            const name = alertName(title ?? '');
            byName.set(name, (byName.get(name) ?? 0) + count);
          }
        }
      const noisiest = [...byName]
        .map(([name, count]) => ({ name, count }))
        .filter((n) => n.count > 0)
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
        .slice(0, NOISIEST);
      return {
        alertsReceived: alerts,
        investigationsOpened: opened,
        investigationsOpen: await redis.scard(`${prefix}:open-set:${cluster}`),
        noisiest,
      };
    },
  };
}
