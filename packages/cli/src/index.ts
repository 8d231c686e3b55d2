export { loadConfig, type TriageConfig, triageConfigSchema } from './config.js';
export { CliError } from './errors.js';
export { runCli } from './run-cli.js';
export { startServices } from './create-services.js';
export { createRedisConnection, hashTagOf, type RedisConfig, redisConfigSchema } from './redis-connection.js';
export { formatFindings, parseParams } from './commands/run-command.js';
export { auditCommand, formatAuditEntry } from './commands/audit-command.js';
