import { signalSchema } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { alertmanagerPayloadSchema, alertmanagerToSignals } from '../../src/normalise/alertmanager.js';
import { describeZodError } from '../../src/normalise/describe-zod-error.js';
import { fixture } from '../support/fixtures.js';

const options = { defaultCluster: 'fallback' };

function signalsOf(name: string) {
  return alertmanagerToSignals(alertmanagerPayloadSchema.parse(fixture('alertmanager', name)), options);
}

function errorOf(body: unknown): string {
  const result = alertmanagerPayloadSchema.safeParse(body);
  if (result.success) throw new Error('expected the payload to be rejected');
  return describeZodError(result.error);
}

describe('alertmanagerToSignals', () => {
  it('makes one valid signal per alert of a firing group, keyed by fingerprint', () => {
    const signals = signalsOf('firing-group');
    expect(signals.map((signal) => [signal.name, signal.key, signal.status])).toEqual([
      ['KubeNodeNotReady', '9f2c4e7a1b3d5c60', 'firing'],
      ['KubePodCrashLooping', '4a1d7e0c9b2f3e85', 'firing'],
      ['NodeFilesystemSpaceFillingUp', 'c07b2a95e6d18f34', 'firing'],
    ]);
    for (const signal of signals) expect(signalSchema.parse(signal)).toEqual(signal);
  });

  it('keeps labels as sent, including the monitoring namespace kube-state-metrics puts on node alerts', () => {
    const [node, pod, disk] = signalsOf('firing-group');
    expect(node?.labels).toMatchObject({ node: 'aks-np1-31415926-vmss000002', namespace: 'monitoring' });
    expect(pod?.labels).toMatchObject({ namespace: 'shop', pod: 'checkout-api-7c9d5b8f4-k8lmp' });
    expect(disk?.labels.instance).toBe('10.224.0.5:9100');
    expect(node?.annotations.summary).toBe('Node is not ready.');
    expect(node?.source).toBe('alertmanager');
    expect(node?.startsAt).toBe('2025-03-04T08:12:30.118Z');
  });

  it('takes the cluster from the cluster label and falls back to the configured default', () => {
    expect(signalsOf('firing-group').map((signal) => signal.cluster)).toEqual([
      'aks-prod',
      'aks-prod',
      'aks-prod',
    ]);
    expect(signalsOf('node-exporter-instance')[0]?.cluster).toBe('fallback');
  });

  it('turns a resolved notification into resolved signals', () => {
    const [signal] = signalsOf('resolved');
    expect(signal).toMatchObject({ status: 'resolved', key: '9f2c4e7a1b3d5c60', name: 'KubeNodeNotReady' });
  });

  it('keeps the alert and its group context in raw', () => {
    const [signal] = signalsOf('resolved');
    expect(signal?.raw).toMatchObject({
      fingerprint: '9f2c4e7a1b3d5c60',
      endsAt: '2025-03-04T08:41:00.118Z',
      groupKey: '{}/{severity=~"warning|critical"}:{cluster="aks-prod"}',
      receiver: 'triage',
      externalURL: 'http://alertmanager.monitoring.svc:9093',
    });
  });

  // alertmanager-0.25.json: the bytes Debian's prometheus-alertmanager 0.25.0 posted to a local listener
  // for one alert created through its API (User-Agent Alertmanager/0.25.0, trailing newline).
  it('accepts the body Alertmanager 0.25 sent here (truncatedAlerts, no notification_reason or routeLabels)', () => {
    const [signal] = signalsOf('alertmanager-0.25');
    expect(signal).toMatchObject({ name: 'KubeNodeNotReady', key: 'a2ca461c11493c9f', status: 'firing' });
    expect(signal?.startsAt).toBe('2026-11-22T13:05:40.512655385Z');
  });
});

describe('alertmanagerPayloadSchema', () => {
  it('rejects another payload version with a message naming version 4', () => {
    expect(errorOf(fixture('alertmanager', 'malformed-wrong-version'))).toMatch(
      /^version: expected "4": this endpoint accepts Alertmanager webhook payload version 4/,
    );
  });

  it('names the missing alerts field', () => {
    expect(errorOf(fixture('alertmanager', 'malformed-missing-alerts'))).toBe('alerts: expected array');
  });

  it('names the bad labels field by its index', () => {
    expect(errorOf(fixture('alertmanager', 'malformed-labels-not-object'))).toBe(
      'alerts[1].labels: expected object',
    );
  });

  it('names every bad field when there are several', () => {
    const message = errorOf(fixture('alertmanager', 'malformed-bad-status-and-time'));
    expect(message).toContain('alerts[0].status');
    expect(message).toContain('alerts[2].startsAt');
  });

  it('rejects an alert without an alertname label', () => {
    const body = fixture('alertmanager', 'resolved');
    const alerts = body.alerts as { labels: Record<string, string> }[];
    delete alerts[0]?.labels.alertname;
    expect(errorOf(body)).toBe('alerts[0].labels.alertname: expected string');
  });

  it('rejects an empty alert list', () => {
    expect(errorOf({ ...fixture('alertmanager', 'resolved'), alerts: [] })).toBe(
      'alerts: expected at least one alert',
    );
  });
});
