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
  /** From now on `alias` (`#alerts`) is the same channel as `id` (`C0123`): one queue, one spacing. */
  link(alias: string, id: string): void;
}

/**
 * A per-channel FIFO send queue. Spacing counts from the end of the previous task, so calls reach the
 * server at least `minIntervalMs` apart however long each takes (Slack allows ~1 message/s/channel).
 * A failed task does not stop the queue.
 */
export function createChannelQueue({ minIntervalMs, now = Date.now }: ChannelQueueOptions): ChannelQueue {
  const tails = new Map<string, Promise<void>>();
  const lastDone = new Map<string, number>();
  const aliases = new Map<string, string>();
  const keyOf = (channel: string) => aliases.get(channel) ?? channel;
  const settle = (p: Promise<unknown>): Promise<void> =>
    p.then(
      () => undefined,
      () => undefined,
    );

  return {
    run(channel, task) {
      const key = keyOf(channel);
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(async () => {
        const wait = (lastDone.get(keyOf(key)) ?? Number.NEGATIVE_INFINITY) + minIntervalMs - now();
        if (wait > 0) await sleep(wait);
        try {
          return await task();
        } finally {
          // keyOf again: the task itself may have learnt that its channel is an alias.
          lastDone.set(keyOf(key), now());
        }
      });
      const tail = settle(result);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },

    link(alias, id) {
      if (alias === id || aliases.has(alias)) return;
      aliases.set(alias, id);
      // Whatever is queued under the alias runs before anything queued under the id from now on.
      const aliasTail = tails.get(alias);
      const idTail = tails.get(id);
      if (aliasTail) tails.set(id, idTail ? settle(Promise.all([aliasTail, idTail])) : aliasTail);
      const last = Math.max(
        lastDone.get(alias) ?? Number.NEGATIVE_INFINITY,
        lastDone.get(id) ?? Number.NEGATIVE_INFINITY,
      );
      if (last > Number.NEGATIVE_INFINITY) lastDone.set(id, last);
    },
  };
}
