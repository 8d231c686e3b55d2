import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SignalIntake } from './signal-intake.js';
import { withDeadline } from './with-deadline.js';

/** The gateway's Prometheus metrics. Job outcomes belong to the runner, which registers its own. */
export interface GatewayMetrics {
  signals: Counter<'source' | 'status'>;
  rejections: Counter<'reason'>;
  enqueueSeconds: Histogram;
}

const DEPTH_TIMEOUT_MS = 1000;

/**
 * Registers the gateway's metrics in `registry`: `triage_gateway_signals_total{source,status}`,
 * `triage_gateway_rejections_total{reason}`, `triage_gateway_enqueue_duration_seconds` and
 * `triage_intake_queue_depth`, read from `intake.depth()` on each scrape (NaN when the queue does not answer within 1 s).
 */
export function createGatewayMetrics(registry: Registry, intake: SignalIntake): GatewayMetrics {
  const registers = [registry];
  const signals = new Counter({
    name: 'triage_gateway_signals_total',
    help: 'Signals accepted (stored on the intake queue), by source and status.',
    labelNames: ['source', 'status'] as const,
    registers,
  });
  const rejections = new Counter({
    name: 'triage_gateway_rejections_total',
    help: 'Alert requests answered with an error, by reason (the error code without its prefix).',
    labelNames: ['reason'] as const,
    registers,
  });
  const enqueueSeconds = new Histogram({
    name: 'triage_gateway_enqueue_duration_seconds',
    help: 'Time to store one request on the intake queue, failures included.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
    registers,
  });
  new Gauge({
    name: 'triage_intake_queue_depth',
    help: 'Intake jobs waiting for a runner (waiting, prioritized and delayed).',
    registers,
    async collect() {
      try {
        this.set(
          await withDeadline(intake.depth(), DEPTH_TIMEOUT_MS, () => new Error('queue depth timed out')),
        );
      } catch {
        this.set(Number.NaN);
      }
    },
  });
  return { signals, rejections, enqueueSeconds };
}
