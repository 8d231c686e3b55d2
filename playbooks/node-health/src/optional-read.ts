import type { Logger } from '@triage/core';
import { KubeError, kubeErrorCodes } from '@triage/kube';

/**
 * A read that only adds detail: a missing API (metrics.k8s.io), RBAC without it or an unreachable
 * node's empty figures must not fail the run, so any error but cancellation gives undefined.
 */
export async function optionalRead<T>(
  read: () => Promise<T>,
  log: Logger,
  what: string,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof KubeError && err.code === kubeErrorCodes.aborted) throw err;
    log.debug({ err: err instanceof Error ? err.message : String(err) }, `node-health: no ${what}`);
    return undefined;
  }
}
