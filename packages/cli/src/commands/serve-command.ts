import type { TriageConfig } from '../config.js';
import { type Roles, startServices } from '../create-services.js';
import type { createLogger } from '../logger.js';

/**
 * `triage serve` (gateway + worker), `triage gateway`, `triage worker`: runs until SIGTERM/SIGINT,
 * then stops taking work, lets running jobs finish and exits.
 */
export async function serveCommand(
  config: TriageConfig,
  roles: Roles,
  log: ReturnType<typeof createLogger>,
): Promise<void> {
  const services = await startServices(config, roles, log);
  log.info({ url: services.url, roles, cluster: config.cluster }, 'triage started');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down: finishing running jobs');
      services.close().then(resolve, (err) => {
        log.error({ err }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
