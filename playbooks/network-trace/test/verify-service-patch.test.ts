import type { DryRunResult, Finding, KubeDryRun } from '@triage/core';
import { describe, expect, it } from 'vitest';
import type { ServicePatch } from '../src/tcp-findings.js';
import { verifyServicePatch } from '../src/verify-service-patch.js';
import { service } from './kube-fixtures.js';

const jsonPatch = [{ op: 'replace', path: '/spec/ports/0/targetPort', value: 'http' }];

function servicePatch(): ServicePatch {
  const finding: Finding = {
    severity: 'critical',
    title: 'web → api:80 refused',
    detail: 'targetPort 8080, pods listen on 3000',
    subject: 'service/shop/api',
    evidence: [],
    remediation: { summary: 'Point Service api port 80 at targetPort http', steps: ['kubectl …'] },
  };
  return {
    finding,
    namespace: 'shop',
    name: 'api',
    patch: jsonPatch,
    summary: 'Set Service shop/api targetPort 8080 → http (3000)',
  };
}

/** A dry-run that answers `answer` (or throws it) and records what it was sent. */
function fakeDryRun(answer: DryRunResult | Error) {
  const sent: unknown[][] = [];
  const dryRun: KubeDryRun = {
    evict: () => Promise.reject(new Error('not used')),
    patch: async (...args) => {
      sent.push(args);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return { dryRun, sent };
}

describe('verifyServicePatch', () => {
  it('offers a patch the API server accepted as a change to apply, exactly as the dry-run sent it', async () => {
    const p = servicePatch();
    const after = service('api', '10.0.0.1', [{ name: 'http', port: 80, targetPort: 'http' }]);
    const { dryRun, sent } = fakeDryRun({ allowed: true, status: 200, message: '', object: after });
    await verifyServicePatch(dryRun, p);
    expect(sent).toEqual([['services', 'api', 'shop', jsonPatch, 'json']]);
    expect(p.finding.remediation?.dryRun).toEqual({
      ok: true,
      detail: 'server-side dry-run accepted the patch (ports after: 80 → http)',
    });
    expect(p.finding.remediation?.changes).toEqual([
      {
        summary: 'Set Service shop/api targetPort 8080 → http (3000)',
        resource: 'services',
        name: 'api',
        namespace: 'shop',
        type: 'json',
        patch: jsonPatch,
      },
    ]);
  });

  it('offers nothing to apply when the API server refuses the patch, and says why', async () => {
    const p = servicePatch();
    const { dryRun } = fakeDryRun({
      allowed: false,
      status: 422,
      message: 'Service "api" is invalid: spec.ports[0].targetPort: Invalid value',
    });
    await verifyServicePatch(dryRun, p);
    expect(p.finding.remediation?.dryRun).toEqual({
      ok: false,
      detail:
        'server-side dry-run refused the patch (422): Service "api" is invalid: spec.ports[0].targetPort: Invalid value',
    });
    expect(p.finding.remediation?.changes).toBeUndefined();
  });

  it('offers nothing to apply when the dry-run request fails, and keeps the finding', async () => {
    const p = servicePatch();
    await verifyServicePatch(fakeDryRun(new Error('connect ECONNREFUSED 10.0.0.1:443')).dryRun, p);
    expect(p.finding.remediation?.dryRun).toEqual({
      ok: false,
      detail: 'server-side dry-run failed: connect ECONNREFUSED 10.0.0.1:443',
    });
    expect(p.finding.remediation?.changes).toBeUndefined();
  });

  it('sends nothing for a finding that proposes no remediation', async () => {
    const p = servicePatch();
    delete p.finding.remediation;
    const { dryRun, sent } = fakeDryRun({ allowed: true, status: 200, message: '' });
    await verifyServicePatch(dryRun, p);
    expect(sent).toEqual([]);
    expect(p.finding.remediation).toBeUndefined();
  });
});
