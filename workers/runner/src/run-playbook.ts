import type { Finding, Playbook, PlaybookContext } from '@triage/core';
import { RunnerError } from './errors.js';

/** Inputs of one playbook run, besides the playbook itself. */
export type RunInputs = Omit<PlaybookContext, 'signal'> & { timeoutMs: number; signal?: AbortSignal };

/**
 * Validates params and runs the playbook under its deadline. Throws RunnerError
 * TRIAGE_ERR_RUNNER_BAD_PARAMS (not worth retrying) or TRIAGE_ERR_RUNNER_DEADLINE, or whatever the
 * playbook threw; the caller decides between retry and an error finding.
 */
export async function runPlaybook(
  playbook: Playbook,
  rawParams: unknown,
  inputs: RunInputs,
): Promise<Finding[]> {
  const parsed = playbook.params.safeParse(rawParams);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`)
      .join('; ');
    throw new RunnerError(
      'TRIAGE_ERR_RUNNER_BAD_PARAMS',
      `playbook ${playbook.name}: bad parameters: ${issues}`,
    );
  }
  const timeoutMs = playbook.timeoutMs ?? inputs.timeoutMs;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = inputs.signal ? AbortSignal.any([inputs.signal, deadline]) : deadline;
  const { timeoutMs: _, ...context } = inputs;
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () =>
      reject(
        deadline.aborted
          ? new RunnerError(
              'TRIAGE_ERR_RUNNER_DEADLINE',
              `playbook ${playbook.name} did not finish within ${timeoutMs} ms`,
            )
          : new RunnerError('TRIAGE_ERR_RUNNER_DEADLINE', `playbook ${playbook.name} was cancelled`),
      );
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([playbook.run({ ...context, signal }, parsed.data), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The finding a run yields when it could not finish: people see that and why, not silence. */
export function errorFinding(playbook: string, subject: string, err: unknown): Finding {
  const message = err instanceof Error ? err.message : String(err);
  return {
    severity: 'warning',
    title: `Playbook ${playbook} could not finish`,
    detail: message,
    subject,
    evidence: [{ source: `playbook ${playbook}`, text: message }],
  };
}
