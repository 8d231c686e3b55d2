import type { Logger } from '@triage/core';
import { freePort, waitFor } from '@triage/dev-services';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { logQueueErrors } from '../src/queue-errors.js';

describe('logQueueErrors', () => {
  it('logs a queue that cannot reach Redis as a warning naming the queue', async () => {
    const warnings: unknown[][] = [];
    const log = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger;
    // Nothing listens on the port: every connection attempt fails with ECONNREFUSED.
    const connection = new Redis({
      port: await freePort(),
      maxRetriesPerRequest: null,
      retryStrategy: () => 50,
    });
    const queue = logQueueErrors(new Queue('triage-runs', { connection }), log);
    try {
      await waitFor(() => warnings.length > 0, 10_000);
      expect(warnings[0]).toEqual([
        expect.objectContaining({ queue: 'triage-runs', err: expect.any(Error) }),
        'queue cannot reach Redis',
      ]);
    } finally {
      connection.disconnect();
      await queue.close().catch(() => undefined);
    }
  });
});
