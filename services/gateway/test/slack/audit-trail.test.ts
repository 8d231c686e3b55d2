import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  auditStreamKey,
  createAuditTrail,
  readAuditTrail,
} from '../../src/slack/audit-trail.js';
import { createRedisServer, type RedisServer } from '../support/redis-server.js';

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await createRedisServer();
  await server.start();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

const entry = (n: number): AuditEntry => ({
  at: `2026-11-22T15:00:${String(n).padStart(2, '0')}.000Z`,
  user: 'U0ALICE',
  channel: 'C0OPS',
  via: 'command',
  action: 'dns',
  params: { pod: 'shop/web-1', durationSeconds: 30 },
  cluster: 'prod',
  outcome: 'queued',
  rule: 'open-to-all',
});

describe('audit trail', () => {
  it('appends entries to <prefix>:audit and reads the newest back, oldest first, params as objects', async () => {
    const logged: object[] = [];
    const trail = createAuditTrail({
      redis,
      prefix: 'a1',
      log: { info: (o) => logged.push(o), error: () => {} },
    });
    for (let n = 0; n < 5; n += 1) await trail.record(entry(n));
    expect(await redis.xlen(auditStreamKey('a1'))).toBe(5);
    expect(await readAuditTrail(redis, 'a1', 2)).toEqual([entry(3), entry(4)]);
    expect(logged).toHaveLength(5);
  });

  it('keeps the entry in the log when Redis refuses it, and does not throw', async () => {
    const errors: object[] = [];
    const broken = new Redis(server.url, { lazyConnect: true, enableOfflineQueue: false });
    const trail = createAuditTrail({
      redis: broken,
      prefix: 'a2',
      log: { info: () => {}, error: (o) => errors.push(o) },
    });
    await trail.record(entry(1));
    expect(errors).toEqual([expect.objectContaining({ audit: entry(1) })]);
    broken.disconnect();
  });
});
