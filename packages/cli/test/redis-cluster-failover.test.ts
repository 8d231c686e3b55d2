import { INTAKE_QUEUE } from '@triage/core';
import { type RedisCluster, startRedisCluster } from '@triage/dev-services';
import { createBullIntake } from '@triage/gateway';
import { Queue } from 'bullmq';
import { type Cluster, Command } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection, redisConfigSchema } from '../src/redis-connection.js';

let cluster: RedisCluster;

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, replicas: 1 });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Like the gateway: an enqueue that has not finished within 1.5 s counts as refused. */
async function acknowledged(enqueue: Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), 1500);
  });
  try {
    return await Promise.race([enqueue.then(() => true), deadline]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

describe('intake on a Redis Cluster whose master fails', () => {
  it('keeps every job it acknowledged when the master of the prefix slot is SIGKILLed and its replica takes over', async () => {
    const config = redisConfigSchema.parse({ cluster: cluster.nodes, prefix: '{failover}' });
    const intake = createBullIntake({
      connection: (tuning) => createRedisConnection(config, tuning),
      prefix: config.prefix,
      replicaAck: { replicas: 'auto', timeoutMs: 1000 },
    });
    const reader = createRedisConnection(config, { maxRetriesPerRequest: 1 }) as Cluster;
    reader.on('error', () => {});
    try {
      const slot = new Command('exists', [`${config.prefix}:${INTAKE_QUEUE}`]).getSlot();
      const masterPort = async () => {
        await reader.cluster('SLOTS'); // connects; the client then knows the slot map
        return Number(reader.slots[slot]?.[0]?.split(':')[1]);
      };
      const killed = await masterPort();

      const acked: number[] = [];
      let refused = 0;
      let afterKill = 0;
      const deadline = Date.now() + 90_000;
      for (let i = 0; Date.now() < deadline && afterKill < 10; i++) {
        if (i === 10) await cluster.kill(killed);
        if (await acknowledged(intake.enqueue([], String(i)))) {
          acked.push(i);
          if (i >= 10) afterKill++;
        } else refused++;
        await sleep(100);
      }
      // The replica holds the slot now; read every stored job from it.
      await reader.quit().catch(() => {});
      const after = createRedisConnection(config, { maxRetriesPerRequest: 1 });
      after.on('error', () => {});
      const queue = new Queue(INTAKE_QUEUE, { connection: after, prefix: config.prefix });
      const stored = new Set((await queue.getJobs(['waiting'])).map((job) => Number(job.data.receivedAt)));
      await queue.close();
      after.disconnect();
      const kept = acked.filter((i) => stored.has(i));
      console.info(
        `cluster failover (master :${killed} SIGKILLed after 10 acknowledged jobs): ${acked.length} acknowledged, ${refused} refused while the replica took over, ${kept.length}/${acked.length} acknowledged jobs kept`,
      );
      expect(afterKill).toBe(10);
      expect(kept).toEqual(acked);
    } finally {
      reader.disconnect();
      await intake.close();
    }
  }, 150_000);
});
