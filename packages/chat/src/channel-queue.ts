import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link createChannelQueue}. */
export interface ChannelQueueOptions {
  /** Least time between the end of one task and the start of the next on the same channel. */
  minIntervalMs: number;
  now?: () => number;
}

/** Runs tasks one at a time per channel, in order, spaced out; channels do not wait for each other. */
export interface ChannelQueue {
  run<T>(channel: string, task: () => Promise<T>): Promise<T>;
}

/**
 * A per-channel FIFO send queue. Spacing counts from the end of the previous task, so calls reach the
 * server at least `minIntervalMs` apart however long each takes (Slack allows ~1 message/s/channel).
 * A failed task does not stop the queue.
 */
export function createChannelQueue({ minIntervalMs, now = Date.now }: ChannelQueueOptions): ChannelQueue {
  const tails = new Map<string, Promise<void>>();
  const lastDone = new Map<string, number>();

  return {
    run(channel, task) {
      const previous = tails.get(channel) ?? Promise.resolve();
      const result = previous.then(async () => {
        const wait = (lastDone.get(channel) ?? Number.NEGATIVE_INFINITY) + minIntervalMs - now();
        if (wait > 0) await sleep(wait);
        try {
          return await task();
        } finally {
          lastDone.set(channel, now());
        }
      });
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(channel, tail);
      void tail.then(() => {
        if (tails.get(channel) === tail) tails.delete(channel);
      });
      return result;
    },
  };
}
