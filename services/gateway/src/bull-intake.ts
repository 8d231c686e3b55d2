import { INTAKE_JOB, INTAKE_QUEUE, type IntakeJob, type Signal } from '@triage/core';
import { type JobsOptions, Queue } from 'bullmq';
import { type Cluster, Redis, type RedisOptions } from 'ioredis';
import { createReplicaAck, type ReplicaAckOptions } from './replica-ack.js';
import type { SignalIntake } from './signal-intake.js';

/** Options of {@link createBullIntake}. */
export interface BullIntakeOptions {
  /**
   * A Redis URL or a function opening a connection with the given tuning (Sentinel, Cluster): the intake
   * then owns a connection tuned to fail fast. Or an ioredis client (the caller owns it; give it
   * `enableOfflineQueue: false` so commands fail at once while Redis is down).
   */
  connection: Redis | Cluster | string | ((tuning: RedisOptions) => Redis | Cluster);
  /** BullMQ key prefix (default `bull`); use a hash tag such as `{triage}` on Redis Cluster. */
  prefix?: string;
  /** Called with Redis connection errors, which are expected while Redis is down. */
  onError?: (error: Error) => void;
  /** How long `enqueue` waits for a connection that is (re)connecting before failing. Default 500 ms. */
  connectWaitMs?: number;
  /** Replicas that must acknowledge each job before `enqueue` resolves. Default: none. */
  replicaAck?: ReplicaAckOptions;
}

/** A {@link SignalIntake} on the BullMQ intake queue, with `close()` to release its connection. */
export interface BullIntake extends SignalIntake {
  close(): Promise<void>;
}

// The intake's own connection: the sender must get 503 now rather than a 202 later.
const failFast: RedisOptions = {
  // Fail commands at once while disconnected instead of queueing them…
  enableOfflineQueue: false,
  // …and never replay a command after a reconnect: the sender already got its 503 and retries.
  autoResendUnfulfilledCommands: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 1000,
  retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
};

// Retries and retention of intake jobs: the runner's fan-out is cheap and idempotent, so retry a few
// times with backoff; keep finished jobs bounded so Redis memory stays flat under alert storms.
const intakeJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
};

/**
 * Creates the BullMQ implementation of {@link SignalIntake}: one job `{ signals, receivedAt }` named
 * `INTAKE_JOB` on `INTAKE_QUEUE` per request, i.e. one Redis round trip whatever the number of signals.
 *
 * @example const intake = createBullIntake({ connection: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
 */
export function createBullIntake(options: BullIntakeOptions): BullIntake {
  const given = options.connection;
  const ownsConnection = typeof given === 'string' || typeof given === 'function';
  const connection =
    typeof given === 'string'
      ? new Redis(given, failFast)
      : typeof given === 'function'
        ? given(failFast)
        : given;
  const onError = options.onError ?? (() => {});
  connection.on('error', onError);
  const queue = new Queue<IntakeJob>(INTAKE_QUEUE, {
    connection,
    ...(options.prefix ? { prefix: options.prefix } : {}),
  });
  queue.on('error', onError);
  const replicaAck = options.replicaAck
    ? createReplicaAck(connection, `${options.prefix ?? 'bull'}:${INTAKE_QUEUE}`, options.replicaAck)
    : async () => {};

  // BullMQ itself would wait for the connection indefinitely and store the job after the sender got its 503.
  async function connected(): Promise<void> {
    if (connection.status === 'ready') return;
    const waitMs = options.connectWaitMs ?? 500;
    await new Promise<void>((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        connection.off('ready', onReady);
        reject(new Error(`Redis is not connected (${connection.status}) after ${waitMs} ms`));
      }, waitMs);
      connection.once('ready', onReady);
    });
  }

  return {
    async enqueue(signals: Signal[], receivedAt: string) {
      await connected();
      await queue.add(INTAKE_JOB, { signals, receivedAt }, intakeJobOptions);
      await replicaAck();
    },
    async isReady() {
      if (connection.status !== 'ready') return false;
      try {
        return (await connection.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async depth() {
      const counts = await queue.getJobCounts('wait', 'prioritized', 'delayed');
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
    async close() {
      await queue.close();
      if (ownsConnection) connection.disconnect();
    },
  };
}
