/** Error codes of the runner. */
export type RunnerErrorCode =
  | 'TRIAGE_ERR_RUNNER_CONFIG'
  | 'TRIAGE_ERR_RUNNER_UNKNOWN_PLAYBOOK'
  | 'TRIAGE_ERR_RUNNER_BAD_PARAMS'
  | 'TRIAGE_ERR_RUNNER_DEADLINE';

/** An error of the runner, with a code and what to do about it in the message. */
export class RunnerError extends Error {
  constructor(
    readonly code: RunnerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RunnerError';
  }
}
