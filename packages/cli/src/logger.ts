import { pino } from 'pino';

/**
 * The process logger: JSON lines on stderr (stdout stays for command output such as `--json`).
 * Level from TRIAGE_LOG_LEVEL (default info). Token-bearing fields are redacted.
 */
export function createLogger(env: NodeJS.ProcessEnv, level = env.TRIAGE_LOG_LEVEL ?? 'info') {
  return pino(
    {
      level,
      redact: {
        paths: [
          '*.token',
          '*.password',
          '*.authorization',
          'headers.authorization',
          'config.chat.slack.token',
        ],
        censor: '[REDACTED]',
      },
    },
    pino.destination(2),
  );
}
