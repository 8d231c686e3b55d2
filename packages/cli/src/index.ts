export { loadConfig, type TriageConfig, triageConfigSchema } from './config.js';
export { CliError } from './errors.js';
export { runCli } from './run-cli.js';
export { startServices } from './create-services.js';
export { formatFindings, parseParams } from './commands/run-command.js';
