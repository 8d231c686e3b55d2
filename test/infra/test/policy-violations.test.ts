import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../src/render-kustomization.js';
import { policyViolations } from '../src/policy-violations.js';

const fixture = (name: string) =>
  parseManifests(readFileSync(new URL(`fixtures/manifests/${name}.yaml`, import.meta.url), 'utf8'));

describe('policyViolations', () => {
  it('flags wildcards in API groups, resources and verbs', () => {
    const found = policyViolations(fixture('wildcard-role'));
    expect(found).toContain('ClusterRole reads-everything rule 0: wildcard in resources');
    expect(found).toContain('ClusterRole reads-everything rule 0: wildcard in apiGroups');
  });

  it('flags any access to Secrets and escalating verbs, even in triage-system', () => {
    expect(policyViolations(fixture('secrets-reader'))).toEqual([
      'Role triage-system/secrets-reader rule 0: access to secrets',
      'Role triage-system/secrets-reader rule 1: verb impersonate',
    ]);
  });

  it('flags pod creation and exec anywhere but a Role in triage-system', () => {
    expect(policyViolations(fixture('cluster-pod-creator'))).toEqual([
      'ClusterRole pod-creator rule 0: pods (create) outside a Role in triage-system',
      'Role kube-system/exec-in-kube-system rule 0: pods/exec (get) outside a Role in triage-system',
    ]);
  });

  it('flags a Triage pod that may run as root, privileged, writable, off Linux and unbounded', () => {
    expect(policyViolations(fixture('root-deployment'))).toEqual([
      'Deployment triage-system/triage-gateway: nodeSelector kubernetes.io/os: linux missing',
      'Deployment triage-system/triage-gateway: host namespaces',
      'Deployment triage-system/triage-gateway container gateway: runAsNonRoot not set',
      'Deployment triage-system/triage-gateway container gateway: privileged',
      'Deployment triage-system/triage-gateway container gateway: allowPrivilegeEscalation not false',
      'Deployment triage-system/triage-gateway container gateway: readOnlyRootFilesystem not true',
      'Deployment triage-system/triage-gateway container gateway: capabilities not dropped',
      'Deployment triage-system/triage-gateway container gateway: memory request or limit missing',
    ]);
  });

  it('flags privileged Pod Security enforced outside triage-system', () => {
    expect(policyViolations(fixture('privileged-namespace'))).toEqual([
      'Namespace default: enforces privileged Pod Security outside triage-system',
    ]);
  });

  it('rejects a document that is not a Kubernetes object with a clear error', () => {
    expect(() => fixture('malformed')).toThrow('document 1 is not a Kubernetes object');
  });
});
