import type { KubeDryRun } from '@triage/core';
import { servicePorts } from './kube-views.js';
import type { ServicePatch } from './tcp-findings.js';

/**
 * Asks the API server (dryRun=All) whether the proposed Service patch would be accepted and records
 * the verdict on the finding's remediation. Only an accepted patch becomes a change the person may
 * apply from chat, exactly as it was sent; a refused or failed dry-run offers nothing to apply.
 */
export async function verifyServicePatch(dryRun: KubeDryRun, p: ServicePatch): Promise<void> {
  const remediation = p.finding.remediation;
  if (!remediation) return;
  const result = await dryRun
    .patch('services', p.name, p.namespace, p.patch, 'json')
    .catch((err: Error) => err);
  if (result instanceof Error) {
    remediation.dryRun = { ok: false, detail: `server-side dry-run failed: ${result.message}` };
    return;
  }
  if (!result.allowed) {
    remediation.dryRun = {
      ok: false,
      detail: `server-side dry-run refused the patch (${result.status}): ${result.message}`,
    };
    return;
  }
  const after = result.object
    ? servicePorts(result.object)
        .map((port) => `${port.port} → ${port.targetPort}`)
        .join(', ')
    : '';
  remediation.dryRun = {
    ok: true,
    detail: `server-side dry-run accepted the patch${after ? ` (ports after: ${after})` : ''}`,
  };
  remediation.changes = [
    ...(remediation.changes ?? []),
    {
      summary: p.summary,
      resource: 'services',
      name: p.name,
      namespace: p.namespace,
      type: 'json',
      patch: p.patch,
    },
  ];
}
