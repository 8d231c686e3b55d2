import { describe, expect, it } from 'vitest';
import { createChannelQueue } from '../src/channel-queue.js';

describe('createChannelQueue', () => {
  it('runs the tasks of one channel one at a time, in order', async () => {
    const queue = createChannelQueue({ minIntervalMs: 0 });
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      queue.run('c', task('a', 30)),
      queue.run('c', task('b', 0)),
      queue.run('c', task('c', 10)),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('keeps going after a failed task', async () => {
    const queue = createChannelQueue({ minIntervalMs: 0 });
    const failed = queue.run('c', async () => {
      throw new Error('boom');
    });
    const next = queue.run('c', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('does not make one channel wait for another', async () => {
    const queue = createChannelQueue({ minIntervalMs: 0 });
    let release: () => void = () => {};
    const blocked = queue.run(
      'slow',
      () =>
        new Promise<string>((resolve) => {
          release = () => resolve('slow');
        }),
    );
    await expect(queue.run('fast', async () => 'fast')).resolves.toBe('fast');
    release();
    await expect(blocked).resolves.toBe('slow');
  });

  it('starts the next task on a channel no sooner than minIntervalMs after the previous one ended', async () => {
    const queue = createChannelQueue({ minIntervalMs: 60 });
    let firstEnded = 0;
    await queue.run('c', async () => {
      firstEnded = performance.now();
    });
    let secondStarted = 0;
    await queue.run('c', async () => {
      secondStarted = performance.now();
    });
    // A lower bound only: a loaded machine can make the wait longer, never shorter.
    expect(secondStarted - firstEnded).toBeGreaterThanOrEqual(55);
  });

  it('treats a linked alias and its id as one channel, including tasks already queued under the alias', async () => {
    const queue = createChannelQueue({ minIntervalMs: 0 });
    const events: string[] = [];
    let release: () => void = () => {};
    let running: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      running = resolve;
    });
    const first = queue.run('#alerts', async () => {
      running();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    const second = queue.run('#alerts', async () => {
      events.push('second (alias)');
    });
    queue.link('#alerts', 'C1');
    const third = queue.run('C1', async () => {
      events.push('third (id)');
    });
    const fourth = queue.run('#alerts', async () => {
      events.push('fourth (alias)');
    });
    await started;
    expect(events).toEqual([]);
    release();
    await Promise.all([first, second, third, fourth]);
    expect(events).toEqual(['second (alias)', 'third (id)', 'fourth (alias)']);
  });
});
