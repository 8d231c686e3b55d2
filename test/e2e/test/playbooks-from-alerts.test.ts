import type { Finding } from '@triage/core';
import { waitFor } from '@triage/dev-services';
import { afterEach, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline, TOKEN } from './support/pipeline.js';

// Each seed incident through the whole path: an Alertmanager webhook as kube-prometheus would send it
// → gateway → queue → routing by the playbooks' triggers → findings in the thread.
interface Case {
  scenario: string;
  labels: Record<string, string>;
  /** The investigation it must open. */
  subject: string;
  /** The first finding of the thread (root cause first). */
  first: { severity: Finding['severity']; title: RegExp };
}

const cases: Case[] = [
  {
    scenario: 'node-disk-pressure',
    // node_exporter names the node only by its scrape address.
    labels: {
      alertname: 'NodeFilesystemAlmostOutOfSpace',
      instance: '10.224.0.6:9100',
      job: 'node-exporter',
      mountpoint: '/',
    },
    subject: 'node/aks-nodepool1-31415926-vmss000002',
    first: {
      severity: 'critical',
      title:
        /^Node aks-nodepool1-31415926-vmss000002 has DiskPressure: image garbage collection found nothing to free/,
    },
  },
  {
    scenario: 'windows-mixed',
    labels: {
      alertname: 'WindowsServerMemoryUsage',
      instance: 'aksnpwin000000:9182',
      job: 'windows-exporter',
    },
    subject: 'node/aksnpwin000000',
    first: { severity: 'warning', title: /^Windows node aksnpwin000000 has no taint: 2 Linux pods without/ },
  },
  {
    scenario: 'healthy',
    labels: {
      alertname: 'KubeNodeNotReady',
      node: 'aks-nodepool1-31415926-vmss000001',
      namespace: 'monitoring',
    },
    subject: 'node/aks-nodepool1-31415926-vmss000001',
    first: {
      severity: 'ok',
      title: /^Node aks-nodepool1-31415926-vmss000001 is Ready, no pressure, no taints$/,
    },
  },
  {
    scenario: 'tcp-refused',
    labels: { alertname: 'ServiceConnectionRefused', namespace: 'shop', pod: 'storefront-tzgssnhqj2-m25fg' },
    subject: 'pod/shop/storefront-tzgssnhqj2-m25fg',
    first: {
      severity: 'critical',
      title:
        /^storefront → order-service:80 refused \d+ times in 15 s: Service order-service targetPort 8080, but its pods listen on 3000 \(containerPort 'http'\)$/,
    },
  },
  {
    scenario: 'dns-upstream',
    labels: { alertname: 'KubeDNSErrorsHigh', namespace: 'shop', pod: 'order-service-6trp2trbth-lmrqh' },
    subject: 'pod/shop/order-service-6trp2trbth-lmrqh',
    first: {
      severity: 'critical',
      title: /^Upstream DNS 10\.50\.0\.4 never answers payments\.contoso\.internal/,
    },
  },
];

let pipeline: Pipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  pipeline = undefined;
});

function webhook(labels: Record<string, string>) {
  const alert = {
    status: 'firing',
    labels,
    annotations: {},
    startsAt: new Date().toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: '',
    fingerprint: '00c0ffee00c0ffee',
  };
  return {
    version: '4',
    groupKey: '{}:{}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'triage',
    groupLabels: {},
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: [alert],
  };
}

describe('seed incidents from alert to findings', () => {
  it.each(cases)(
    '$scenario: $labels.alertname opens $subject with the root cause first',
    async ({ scenario, labels, subject, first }) => {
      pipeline = await startPipeline(scenario);
      // Triage's own namespace, where network-trace creates its diagnostic pods.
      pipeline.sim.store.create('namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'triage-system' },
      });
      const res = await fetch(`${pipeline.url}/v1/alerts/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify(webhook(labels)),
      });
      expect(res.status).toBe(202);
      const current = pipeline;
      await waitFor(
        async () => (await current.openInvestigations())[0]?.state === 'findings',
        100_000,
        'findings',
      );
      expect((await current.openInvestigations()).map((i) => i.subject)).toEqual([subject]);
      const findings = (await current.transcript())
        .filter((e) => e.op === 'reply')
        .flatMap((e) => e.findings ?? []);
      expect(findings[0]?.severity).toBe(first.severity);
      expect(findings[0]?.title).toMatch(first.title);
      expect(pipeline.sim.store.list('pods', { namespace: 'triage-system' }).items).toHaveLength(0);
    },
  );
});
