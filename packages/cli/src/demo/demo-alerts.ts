import { createHash } from 'node:crypto';
import type { KubeObject } from '@triage/core';

/** An alert as Alertmanager's webhook (payload version 4) carries it. */
interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

function fingerprint(labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`);
  return createHash('sha256').update(sorted.join(',')).digest('hex').slice(0, 16);
}

function alert(labels: Record<string, string>, summary: string, startsAt: string): WebhookAlert {
  return {
    status: 'firing',
    labels,
    annotations: { summary },
    startsAt,
    endsAt: ZERO_TIME,
    generatorURL: `http://prometheus.monitoring.svc:9090/graph?g0.expr=${encodeURIComponent(labels.alertname ?? '')}`,
    fingerprint: fingerprint(labels),
  };
}

const isReady = (node: KubeObject) =>
  ((node.status?.conditions ?? []) as { type: string; status: string }[]).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );

const restarts = (pod: KubeObject) =>
  ((pod.status?.containerStatuses ?? []) as { restartCount?: number }[]).reduce(
    (n, c) => n + (c.restartCount ?? 0),
    0,
  );

/**
 * The alerts kube-prometheus-stack would fire for a cluster in this state: KubeNodeNotReady for
 * each node that is not Ready (with namespace = the monitoring namespace, as kube-state-metrics
 * labels them) and KubePodCrashLooping for restarting pods.
 */
export function alertsFor(
  nodes: readonly KubeObject[],
  pods: readonly KubeObject[],
  now: Date,
): WebhookAlert[] {
  const startsAt = new Date(now.getTime() - 15 * 60_000).toISOString();
  const base = { cluster: 'demo', job: 'kube-state-metrics', namespace: 'monitoring' };
  const nodeAlerts = nodes
    .filter((n) => !isReady(n))
    .map((n) =>
      alert(
        { ...base, alertname: 'KubeNodeNotReady', severity: 'warning', node: n.metadata.name },
        `${n.metadata.name} has been unready for more than 15 minutes.`,
        startsAt,
      ),
    );
  const podAlerts = pods
    .filter((p) => restarts(p) > 0)
    .map((p) =>
      alert(
        {
          ...base,
          alertname: 'KubePodCrashLooping',
          severity: 'warning',
          namespace: p.metadata.namespace ?? 'default',
          pod: p.metadata.name,
        },
        `Pod ${p.metadata.namespace}/${p.metadata.name} is in waiting state (reason: "CrashLoopBackOff").`,
        startsAt,
      ),
    );
  return [...nodeAlerts, ...podAlerts];
}

/** The webhook body Alertmanager posts for `alerts` (one group). */
export function webhookBody(alerts: WebhookAlert[], status: 'firing' | 'resolved') {
  return {
    version: '4',
    groupKey: '{}:{alertname=~".+"}',
    truncatedAlerts: 0,
    status,
    receiver: 'triage',
    groupLabels: {},
    commonLabels: { cluster: 'demo' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.monitoring.svc:9093',
    alerts,
  };
}

/** The same alerts, resolved now. */
export function resolved(alerts: WebhookAlert[], now: Date): WebhookAlert[] {
  return alerts.map((a) => ({ ...a, status: 'resolved', endsAt: now.toISOString() }));
}
