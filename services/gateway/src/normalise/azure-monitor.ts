import type { Signal } from '@triage/core';
import type { NormaliseOptions } from './alertmanager.js';
import type { AzureAlertContext, AzureMonitorPayload } from './azure-monitor-schema.js';

type Essentials = AzureMonitorPayload['data']['essentials'];
type Dimension = { name: string; value: string | number | boolean | null };

const aksClusterId = /\/providers\/microsoft\.containerservice\/managedclusters\/([^/]+)/i;

/** The AKS cluster name in ARM ids such as `.../providers/Microsoft.ContainerService/managedClusters/<name>`. */
export function aksClusterName(resourceIds: readonly string[]): string | undefined {
  for (const id of resourceIds) {
    const name = aksClusterId.exec(id)?.[1];
    if (name) return name;
  }
  return undefined;
}

function dimensionLabels(dimensions: readonly Dimension[] | null | undefined): Record<string, string> {
  // fromEntries defines own properties, so a dimension named `__proto__` stays an ordinary label.
  return Object.fromEntries(
    (dimensions ?? []).filter(({ value }) => value !== null).map(({ name, value }) => [name, String(value)]),
  );
}

function stringEntries(record: Record<string, unknown> | null | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** Labels and annotations the alert's own context carries (Prometheus labels, dimensions, properties). */
function contextFields(context: AzureAlertContext): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  switch (context.kind) {
    case 'prometheus':
      return { labels: context.value.labels, annotations: context.value.annotations ?? {} };
    case 'condition': {
      const criteria = context.value.condition?.allOf ?? [];
      const labels = Object.assign({}, ...criteria.map((criterion) => dimensionLabels(criterion.dimensions)));
      const metricName = criteria[0]?.metricName;
      if (metricName) labels.metricName = metricName;
      const annotations = stringEntries(context.value.properties);
      const searchQuery = criteria[0]?.searchQuery;
      if (searchQuery) {
        annotations.searchQuery = searchQuery;
        // The window the rule evaluated, so the query can be re-run over exactly that window.
        const { windowStartTime, windowEndTime } = context.value.condition ?? {};
        if (windowStartTime && windowEndTime) {
          annotations.windowStartTime = windowStartTime;
          annotations.windowEndTime = windowEndTime;
        }
      }
      return { labels, annotations };
    }
    case 'legacy-log': {
      const annotations: Record<string, string> = {};
      if (context.value.SearchQuery) annotations.searchQuery = context.value.SearchQuery;
      return { labels: dimensionLabels(context.value.Dimensions), annotations };
    }
    case 'other':
      return { labels: {}, annotations: {} };
  }
}

function essentialLabels(essentials: Essentials): Record<string, string> {
  const targets = essentials.alertTargetIDs ?? [];
  const labels: Record<string, string> = {
    alertRule: essentials.alertRule,
    severity: essentials.severity,
    monitoringService: essentials.monitoringService,
  };
  if (essentials.signalType) labels.signalType = essentials.signalType;
  if (targets[0]) labels.azureResourceId = targets[0];
  if (targets.length > 1) labels.azureResourceIds = targets.join(',');
  return labels;
}

function clusterOf(labels: Record<string, string>, essentials: Essentials, context: AzureAlertContext) {
  const fromTarget = aksClusterName(essentials.alertTargetIDs ?? []);
  // configurationItems name the cluster only for managed Prometheus; for log alerts they come from
  // dimensions (`Computer`: a node) and for metric alerts they name the target resource.
  const fromItems = context.kind === 'prometheus' ? essentials.configurationItems?.[0] : undefined;
  return labels.cluster || fromTarget || fromItems || undefined;
}

/**
 * The signal of one validated common-schema alert: key = essentials.alertId, `Fired` → firing,
 * `Resolved` → resolved; labels = the alert's own labels (Prometheus labels or dimensions) over the
 * essentials (alertRule, severity, monitoringService, signalType, azureResourceId).
 *
 * @example azureMonitorToSignals(azureMonitorPayloadSchema.parse(body), { defaultCluster: 'aks-prod' })
 */
export function azureMonitorToSignals(payload: AzureMonitorPayload, options: NormaliseOptions): Signal[] {
  const { essentials, customProperties } = payload.data;
  const own = contextFields(payload.context);
  const labels = { ...essentialLabels(essentials), ...own.labels };
  const annotations = { ...stringEntries(customProperties), ...own.annotations };
  if (essentials.description && !annotations.description) annotations.description = essentials.description;
  const name = (payload.context.kind === 'prometheus' && own.labels.alertname) || essentials.alertRule;
  return [
    {
      source: 'azure-monitor',
      key: essentials.alertId,
      status: essentials.monitorCondition === 'Fired' ? 'firing' : 'resolved',
      name,
      cluster: clusterOf(labels, essentials, payload.context) ?? options.defaultCluster,
      labels,
      annotations,
      startsAt: essentials.firedDateTime,
      raw: payload.data,
    },
  ];
}
