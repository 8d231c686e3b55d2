import type { Logger } from '@triage/core';
import type { Queue } from 'bullmq';

/**
 * Sends a queue's connection errors to the log and returns the queue. BullMQ prints them to the
 * console when no one listens, which floods a worker's output for as long as Redis is away.
 */
// biome-ignore lint/suspicious/noExplicitAny: any job type; only the error event is used.
export function logQueueErrors<Q extends Queue<any, any, any>>(queue: Q, log: Logger): Q {
  queue.on('error', (err: Error) => log.warn({ err, queue: queue.name }, 'queue cannot reach Redis'));
  return queue;
}
