import type { Signal } from '@triage/core';

/**
 * Where accepted signals go. `enqueue` resolves only once every signal is stored durably
 * and rejects otherwise; the gateway answers 202 on resolve and 503 on reject.
 */
export interface SignalIntake {
  /** Stores every signal of one request; rejects (fast) when the store is unreachable. */
  enqueue(signals: Signal[], receivedAt: string): Promise<void>;
  /** True when the store answers. */
  isReady(): Promise<boolean>;
  /** Jobs waiting to be processed. */
  depth(): Promise<number>;
}
