import type { Signal } from '@triage/core';
import { z } from 'zod';

const stringMap = z.record(z.string(), z.string());
// RFC 3339 as Go writes it: fractional seconds of any precision, `Z` or an offset.
const timestamp = z.iso.datetime({ offset: true });

/** One alert of an Alertmanager webhook notification. Unknown fields are kept. */
export const alertmanagerAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: z.object({ alertname: z.string().min(1) }).catchall(z.string()),
  annotations: stringMap.default({}),
  startsAt: timestamp,
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).max(128),
});

/**
 * Alertmanager webhook payload, version 4 (`notify/webhook`): every release from 0.25 (with
 * `truncatedAlerts`) to 0.34 (adds `notification_reason`, `routeLabels`). Unknown fields are kept.
 */
export const alertmanagerPayloadSchema = z.looseObject({
  version: z.literal('4', {
    error: 'expected "4": this endpoint accepts Alertmanager webhook payload version 4',
  }),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: stringMap.default({}),
  commonLabels: stringMap.default({}),
  commonAnnotations: stringMap.default({}),
  externalURL: z.string(),
  alerts: z.array(alertmanagerAlertSchema).min(1, 'expected at least one alert'),
});

export type AlertmanagerPayload = z.output<typeof alertmanagerPayloadSchema>;

/** Options of the normalisers. */
export interface NormaliseOptions {
  /** Cluster of signals whose payload names none. */
  defaultCluster: string;
}

/**
 * One signal per alert of a validated notification, firing and resolved alike; key = fingerprint.
 *
 * @example alertmanagerToSignals(alertmanagerPayloadSchema.parse(body), { defaultCluster: 'aks-prod' })
 */
export function alertmanagerToSignals(payload: AlertmanagerPayload, options: NormaliseOptions): Signal[] {
  const { groupKey, receiver, externalURL } = payload;
  return payload.alerts.map((alert) => ({
    source: 'alertmanager',
    key: alert.fingerprint,
    status: alert.status,
    name: alert.labels.alertname,
    cluster: alert.labels.cluster || options.defaultCluster,
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    startsAt: alert.startsAt,
    raw: { ...alert, groupKey, receiver, externalURL },
  }));
}
