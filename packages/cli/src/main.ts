import { CliError } from './errors.js';
import { runCli } from './run-cli.js';

// The one top-level handler: a one-line reason and a non-zero exit, never a stack trace for known errors.
runCli(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message =
      err instanceof CliError || (err instanceof Error && 'code' in err)
        ? err.message
        : String((err as Error)?.stack ?? err);
    process.stderr.write(`triage: ${message}\n`);
    process.exitCode = 1;
  },
);
