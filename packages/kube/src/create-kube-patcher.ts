import type { KubeConfig } from '@kubernetes/client-node';
import { KubeError, kubeErrorCodes } from './errors.js';
import { createKubeTransport, type KubeRequestOptions } from './kube-request.js';
import { type PatchSpec, patchOutcome, patchRequest } from './patch-request.js';

export type KubePatcherOptions = KubeRequestOptions;

/** What became of one change: applied, or refused by the fresh dry-run or by the write itself. */
export interface AppliedChange {
  applied: boolean;
  /** Where it ended: `dry-run` (refused before anything was written) or `apply` (the real PATCH). */
  stage: 'dry-run' | 'apply';
  /** HTTP status of the last answer. */
  status: number;
  /** The API's message for a refusal; what was done otherwise. */
  message: string;
  /** Messages of the Status causes of a refusal (e.g. `spec: minAvailable and maxUnavailable cannot be both set`). */
  causes?: string[];
}

/** The write path: applies one patch, never without a dry-run that passed just before. */
export interface KubePatcher {
  apply(change: PatchSpec): Promise<AppliedChange>;
}

/**
 * Applies patches to the kubeconfig's current cluster. Each change is first sent again with
 * `dryRun=All` (the cluster may have moved since the playbook checked it); only when that passes is
 * the real PATCH sent. Refusals the change earns (422 invalid, 409 conflict) are results with
 * `applied: false`; RBAC refusals (403), missing objects (404) and transport failures are KubeErrors
 * (one on the real write says the change may have been applied).
 *
 * @example
 * const patcher = createKubePatcher(loadKubeConfig());
 * await patcher.apply({ resource: 'poddisruptionbudgets', name: 'nginx-pdb', namespace: 'web', type: 'merge', patch: { spec: { maxUnavailable: 1 } } });
 */
export function createKubePatcher(config: KubeConfig, options: KubePatcherOptions = {}): KubePatcher {
  const send = createKubeTransport(config, options);
  return {
    async apply(change) {
      const check = patchRequest(change, { dryRun: true });
      const dryRun = patchOutcome(await send(check), check, 'the dry-run passed');
      if (!dryRun.allowed) return { applied: false, stage: 'dry-run', ...resultFields(dryRun) };
      const write = patchRequest(change, { dryRun: false });
      try {
        const done = patchOutcome(await send(write), write, `patched ${describe(change)}`);
        return { applied: done.allowed, stage: 'apply', ...resultFields(done) };
      } catch (err) {
        throw mayHaveApplied(err);
      }
    },
  };
}

/**
 * A write that got no answer, or a 5xx (timeout, lost connection, etcd trouble), may still have been
 * applied: its error says so. A 403 or 404 on the write is a plain refusal and passes unchanged.
 */
function mayHaveApplied(err: unknown): unknown {
  const unknownOutcome = [kubeErrorCodes.unavailable, kubeErrorCodes.aborted] as readonly string[];
  if (!(err instanceof KubeError) || !unknownOutcome.includes(err.code)) return err;
  return new KubeError(
    err.code,
    `${err.message}; the dry-run had passed and the patch was sent, so it may have been applied: check the object`,
    { cause: err, ...(err.status !== undefined && { status: err.status }) },
  );
}

function resultFields(r: { status: number; message: string; causes?: string[] }) {
  return { status: r.status, message: r.message, ...(r.causes && { causes: r.causes }) };
}

function describe(change: PatchSpec): string {
  return `${change.resource} ${change.namespace ? `${change.namespace}/` : ''}${change.name}`;
}
