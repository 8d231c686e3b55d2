import { z } from 'zod';
import { KubeApiError, SimulatorConfigError } from './errors.js';

const faultSchema = z
  .object({
    /** Added to every resource request before it is answered. */
    latencyMs: z.number().int().min(0).max(60_000),
    /** Fraction (0–1) of resource requests answered 429 TooManyRequests with Retry-After. */
    rate429: z.number().min(0).max(1),
    /** Fraction (0–1) of resource requests answered 500 InternalError. */
    rate500: z.number().min(0).max(1),
    /** Retry-After seconds on 429 answers. */
    retryAfterSeconds: z.number().int().min(0).max(3600),
    /** Watches are closed this long after they start (0: never). */
    dropWatchesAfterMs: z.number().int().min(0),
  })
  .strict();

/** Fault knobs; every field optional when setting. */
export type FaultSettings = z.infer<typeof faultSchema>;

const noFaults: FaultSettings = {
  latencyMs: 0,
  rate429: 0,
  rate500: 0,
  retryAfterSeconds: 1,
  dropWatchesAfterMs: 0,
};

/** Runtime-adjustable faults of one simulator. */
export interface Faults {
  current(): Readonly<FaultSettings>;
  /** Changes some knobs; the others keep their value. @throws SimulatorConfigError for invalid values. */
  set(changes: Partial<FaultSettings>): void;
  /** The error to answer this request with, if a fault strikes; undefined otherwise. */
  pickError(): KubeApiError | undefined;
}

/**
 * Creates fault knobs, all off by default.
 * @example createFaults({ rate429: 1 }).pickError()?.httpStatus // 429
 */
export function createFaults(
  initial: Partial<FaultSettings> = {},
  random: () => number = Math.random,
): Faults {
  let settings: FaultSettings = noFaults;
  const set = (changes: Partial<FaultSettings>) => {
    const parsed = faultSchema.safeParse({ ...settings, ...changes });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(faults)'}: ${i.message}`);
      throw new SimulatorConfigError(`invalid fault settings: ${problems.join('; ')}`);
    }
    settings = parsed.data;
  };
  set(initial);
  return {
    current: () => settings,
    set,
    pickError() {
      const roll = random();
      if (roll < settings.rate429) {
        return new KubeApiError(
          'TooManyRequests',
          'the server has received too many requests and has asked us to try again later',
          {
            retryAfterSeconds: settings.retryAfterSeconds,
          },
        );
      }
      if (roll < settings.rate429 + settings.rate500) {
        return new KubeApiError('InternalError', 'Internal error occurred: injected fault');
      }
      return undefined;
    },
  };
}
