import type { Signal } from '@triage/core';
import type { SignalIntake } from '../../src/signal-intake.js';

/** An in-memory {@link SignalIntake} for unit tests; `failWith` makes enqueue reject, `hang` never settle. */
export class FakeIntake implements SignalIntake {
  readonly batches: { signals: Signal[]; receivedAt: string }[] = [];
  failWith: Error | undefined;
  hang = false;
  ready = true;
  queued = 0;

  async enqueue(signals: Signal[], receivedAt: string): Promise<void> {
    if (this.hang) return new Promise(() => {});
    if (this.failWith) throw this.failWith;
    this.batches.push({ signals, receivedAt });
  }

  async isReady(): Promise<boolean> {
    return this.ready;
  }

  async depth(): Promise<number> {
    return this.queued;
  }

  /** Every signal enqueued so far. */
  get signals(): Signal[] {
    return this.batches.flatMap((batch) => batch.signals);
  }
}
