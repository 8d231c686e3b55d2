import { type RedisServer, startLocalRedis } from '@triage/dev-services';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInvestigationStore,
  createRedisActivitySource,
  createRedisReportHistory,
} from '../src/index.js';

let server: RedisServer;
let redis: Redis;

beforeAll(async () => {
  server = await startLocalRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

const at = (hour: number) => new Date(Date.UTC(2026, 10, 22, hour)).toISOString();

describe('Redis report history', () => {
  it('finds the latest report before a time, overwrites a retried one and keeps the last ten', async () => {
    const history = createRedisReportHistory(redis, 'history');
    for (let hour = 0; hour < 12; hour++)
      await history.save('aks:daily', { at: at(hour), items: [`item-${hour}`] });
    await history.save('aks:daily', { at: at(11), items: ['retried'] });

    expect(await history.previous('aks:daily', new Date(at(11)))).toEqual({ at: at(10), items: ['item-10'] });
    expect(await history.previous('aks:daily', new Date(at(12)))).toEqual({ at: at(11), items: ['retried'] });
    expect(await redis.hlen('history:report:aks:daily')).toBe(10);
    expect(await history.previous('aks:daily', new Date(at(2)))).toBeUndefined();
    expect(await history.previous('aks:weekly', new Date(at(12)))).toBeUndefined();
  });
});

describe('Redis activity source', () => {
  it("counts the cluster's investigations opened in the period, their alerts and the noisiest alert names", async () => {
    const store = createInvestigationStore(redis, 'activity');
    async function open(cluster: string, subject: string, title: string, hour: number, alerts: number) {
      const { investigation } = await store.openOrJoin(
        { cluster, subject, title, channel: '#ops' },
        new Date(at(hour)),
      );
      for (let i = 0; i < alerts; i++)
        await store.addFiring(investigation, `${subject}-${i}`, new Date(at(hour)));
      return investigation;
    }
    await open('aks', 'node/n1', 'KubeNodeNotReady', 9, 2);
    await open('aks', 'node/n2', 'KubePodCrashLooping on node/n2', 10, 3);
    const closed = await open('aks', 'pod/shop/web-1', 'KubePodCrashLooping', 11, 1);
    await store.close(closed.id, new Date(at(12)));
    await open('aks', 'node/n3', 'KubeNodeNotReady', 2, 5); // before the period
    await open('other', 'node/x', 'KubeNodeNotReady', 10, 7); // another cluster

    const activity = await createRedisActivitySource(redis, 'activity').activity(
      'aks',
      new Date(at(8)),
      new Date(at(13)),
    );
    expect(activity).toEqual({
      alertsReceived: 6,
      investigationsOpened: 3,
      investigationsOpen: 3,
      noisiest: [
        { name: 'KubePodCrashLooping', count: 4 },
        { name: 'KubeNodeNotReady', count: 2 },
      ],
    });
  });
});
