import type { KubeObject } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { ingressVerdict, matchesLabelSelector } from '../src/network-policies.js';
import { staticServiceFindings } from '../src/static-checks.js';
import { endpointSlice, pod, service } from './kube-fixtures.js';

const api = pod('api-5f6d-abcde', '10.244.2.7', {
  labels: { app: 'api', tier: 'backend' },
  ports: [{ containerPort: 3000, name: 'http' }],
});
const policy = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: 'shop' },
  spec,
});
const http = { port: 3000, name: 'http', protocol: 'TCP' };

describe('matchesLabelSelector', () => {
  it('applies matchLabels and matchExpressions; an empty selector selects every pod', () => {
    expect(matchesLabelSelector({}, api.metadata.labels)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: 'api' } }, api.metadata.labels)).toBe(true);
    expect(
      matchesLabelSelector(
        { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend'] }] },
        api.metadata.labels,
      ),
    ).toBe(false);
    expect(
      matchesLabelSelector(
        { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] },
        api.metadata.labels,
      ),
    ).toBe(true);
  });
});

describe('ingressVerdict', () => {
  it('leaves a pod no policy selects open', () => {
    expect(
      ingressVerdict(
        [policy('web-only', { podSelector: { matchLabels: { app: 'web' } }, ingress: [] })],
        api,
        http,
      ),
    ).toMatchObject({ blocked: false, selecting: [] });
  });

  it('blocks a port when the selecting policies deny all ingress or open only other ports', () => {
    expect(
      ingressVerdict([policy('default-deny', { podSelector: {}, policyTypes: ['Ingress'] })], api, http)
        .blocked,
    ).toBe(true);
    const other = policy('metrics-only', {
      podSelector: { matchLabels: { app: 'api' } },
      ingress: [{ ports: [{ port: 9090 }] }],
    });
    expect(ingressVerdict([other], api, http).blocked).toBe(true);
  });

  it('opens a port named, numbered, in a range, or by a rule without ports', () => {
    const deny = policy('default-deny', { podSelector: {} });
    for (const ports of [[{ port: 'http' }], [{ port: 3000 }], [{ port: 2000, endPort: 4000 }], undefined]) {
      const allow = policy('allow', {
        podSelector: { matchLabels: { app: 'api' } },
        ingress: [{ from: [{ podSelector: {} }], ...(ports && { ports }) }],
      });
      expect(ingressVerdict([deny, allow], api, http).blocked).toBe(false);
    }
  });

  it('ignores egress-only policies and policies of other namespaces', () => {
    const egress = policy('egress', { podSelector: {}, policyTypes: ['Egress'] });
    const elsewhere = {
      ...policy('deny', { podSelector: {} }),
      metadata: { name: 'deny', namespace: 'other' },
    };
    expect(ingressVerdict([egress, elsewhere], api, http).blocked).toBe(false);
  });
});

describe('staticServiceFindings with NetworkPolicies', () => {
  it('reports a policy that drops every connection to the Service’s target port', () => {
    const findings = staticServiceFindings({
      service: service('api', '10.0.0.1', [{ name: 'http', port: 80, targetPort: 'http' }]),
      pods: [api],
      slices: [
        endpointSlice('api', [{ ip: '10.244.2.7', pod: 'api-5f6d-abcde' }], [{ name: 'http', port: 3000 }]),
      ],
      policies: [policy('default-deny', { podSelector: {}, policyTypes: ['Ingress'] })],
    });
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['critical', "NetworkPolicy default-deny blocks ingress to Service api's pods on port 3000"],
    ]);
    expect(findings[0]?.evidence[0]?.source).toBe('NetworkPolicy/shop/default-deny .spec');
  });
});
