import { Counter, type Registry } from 'prom-client';

/** The runner's Prometheus metrics, registered in the given registry. */
export function createRunnerMetrics(registry: Registry) {
  return {
    signals: new Counter({
      name: 'triage_signals_placed_total',
      help: 'Signals taken from the intake queue, by what became of them',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'triage_job_outcomes_total',
      help: 'Playbook runs by playbook and outcome (ok, failed, retried)',
      labelNames: ['playbook', 'outcome'] as const,
      registers: [registry],
    }),
  };
}
export type RunnerMetrics = ReturnType<typeof createRunnerMetrics>;
