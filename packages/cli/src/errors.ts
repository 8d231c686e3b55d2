/** Error codes of the CLI. */
export type CliErrorCode = 'TRIAGE_ERR_CLI_CONFIG' | 'TRIAGE_ERR_CLI_USAGE' | 'TRIAGE_ERR_CLI_SETUP';

/** An error the CLI reports as one line (no stack) and exits non-zero. */
export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}
