import { signalSchema } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { aksClusterName, azureMonitorToSignals } from '../../src/normalise/azure-monitor.js';
import { azureMonitorPayloadSchema, isCommonAlertSchema } from '../../src/normalise/azure-monitor-schema.js';
import { describeZodError } from '../../src/normalise/describe-zod-error.js';
import { fixture } from '../support/fixtures.js';

const options = { defaultCluster: 'fallback' };

function signalOf(body: unknown) {
  const signals = azureMonitorToSignals(azureMonitorPayloadSchema.parse(body), options);
  expect(signals).toHaveLength(1);
  const [signal] = signals;
  if (!signal) throw new Error('no signal');
  expect(signalSchema.parse(signal)).toEqual(signal);
  return signal;
}

function errorOf(body: unknown): string {
  const result = azureMonitorPayloadSchema.safeParse(body);
  if (result.success) throw new Error('expected the payload to be rejected');
  return describeZodError(result.error);
}

const alertId =
  '/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.AlertsManagement/alerts/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

describe('azureMonitorToSignals', () => {
  it('turns a fired metric alert on an AKS cluster into a firing signal keyed by alertId', () => {
    const signal = signalOf(fixture('azure-monitor', 'metric-fired-aks'));
    expect(signal).toMatchObject({
      source: 'azure-monitor',
      key: alertId,
      status: 'firing',
      name: 'Node CPU usage above 95%',
      cluster: 'aks-prod',
      startsAt: '2025-03-04T08:05:41.6017855Z',
    });
    expect(signal.labels).toEqual({
      alertRule: 'Node CPU usage above 95%',
      severity: 'Sev2',
      monitoringService: 'Platform',
      signalType: 'Metric',
      azureResourceId:
        '/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg-aks-prod/providers/microsoft.containerservice/managedclusters/aks-prod',
      node: 'aks-np1-31415926-vmss000002',
      nodepool: 'np1',
      metricName: 'node_cpu_usage_percentage',
    });
    expect(signal.annotations).toEqual({
      team: 'platform',
      description: 'CPU usage of a node pool node is above 95% for 5 minutes',
    });
  });

  it('turns the resolved metric alert into a resolved signal with the same key', () => {
    const signal = signalOf(fixture('azure-monitor', 'metric-resolved-aks'));
    expect(signal).toMatchObject({ key: alertId, status: 'resolved' });
  });

  it('maps log search V2 dimensions to labels and takes the cluster from the target, not the Computer', () => {
    const signal = signalOf(fixture('azure-monitor', 'log-v2-computer'));
    expect(signal).toMatchObject({ name: 'Nodes not ready', cluster: 'aks-prod', status: 'firing' });
    expect(signal.labels).toMatchObject({
      Computer: 'aks-np1-31415926-vmss000002',
      monitoringService: 'Log Alerts V2',
      severity: 'Sev1',
    });
    expect(signal.annotations).toMatchObject({
      team: 'platform',
      searchQuery: "KubeNodeInventory | where Status !contains 'Ready' | summarize by Computer",
      windowStartTime: '2025-03-04T07:50:00Z',
      windowEndTime: '2025-03-04T08:00:00Z',
    });
  });

  it('names a managed Prometheus alert by its alertname and keeps its labels over the essentials', () => {
    const signal = signalOf(fixture('azure-monitor', 'prometheus-node-not-ready'));
    expect(signal).toMatchObject({ name: 'KubeNodeNotReady', cluster: 'aks-prod' });
    expect(signal.labels).toMatchObject({
      alertname: 'KubeNodeNotReady',
      node: 'aks-np1-31415926-vmss000002',
      severity: 'warning',
      monitoringService: 'Prometheus',
      alertRule: 'KubeNodeNotReady',
    });
    expect(signal.annotations).toEqual({
      description: 'aks-np1-31415926-vmss000002 has been unready for more than 15 minutes.',
      summary: 'Node is not ready.',
    });
  });

  it('falls back to configurationItems for the cluster of a managed Prometheus alert without a cluster label', () => {
    const body = fixture('azure-monitor', 'prometheus-node-not-ready') as {
      data: { alertContext: { labels: Record<string, string> } };
    };
    delete body.data.alertContext.labels.cluster;
    expect(signalOf(body).cluster).toBe('aks-prod');
  });

  it('uses the default cluster when nothing in the payload names one', () => {
    const body = fixture('azure-monitor', 'log-v2-computer') as {
      data: { essentials: Record<string, unknown> };
    };
    body.data.essentials.alertTargetIDs = [
      '/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law-prod',
    ];
    expect(signalOf(body).cluster).toBe('fallback');
  });

  it('accepts services whose alertContext it does not read, from the essentials alone', () => {
    const body = fixture('azure-monitor', 'metric-fired-aks') as { data: Record<string, unknown> };
    const essentials = body.data.essentials as Record<string, unknown>;
    essentials.monitoringService = 'Activity Log - Administrative';
    body.data.alertContext = { authorization: { action: 'Microsoft.Compute/virtualMachines/delete' } };
    const signal = signalOf(body);
    expect(signal.labels.monitoringService).toBe('Activity Log - Administrative');
    expect(signal.cluster).toBe('aks-prod');
  });

  it('reads legacy log alert dimensions (PascalCase)', () => {
    const body = fixture('azure-monitor', 'log-v2-computer') as { data: Record<string, unknown> };
    (body.data.essentials as Record<string, unknown>).monitoringService = 'Log Analytics';
    body.data.alertContext = {
      SearchQuery: 'Heartbeat | summarize by Computer',
      Dimensions: [{ name: 'Computer', value: 'akswin000001' }],
      AlertType: 'Number of results',
    };
    const signal = signalOf(body);
    expect(signal.labels.Computer).toBe('akswin000001');
    expect(signal.annotations.searchQuery).toBe('Heartbeat | summarize by Computer');
  });

  it('does not let a dimension named __proto__ change the prototype of the labels', () => {
    const signal = signalOf(fixture('azure-monitor', 'hostile-dimension-named-proto'));
    expect(Object.getPrototypeOf(signal.labels)).toBe(Object.prototype);
    expect(signal.labels.Computer).toBe('n1');
  });
});

describe('aksClusterName', () => {
  it('finds the cluster in an ARM id whatever its case', () => {
    expect(
      aksClusterName([
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/Aks-1',
      ]),
    ).toBe('Aks-1');
    expect(aksClusterName(['/subscriptions/s/providers/microsoft.monitor/accounts/amw'])).toBeUndefined();
  });
});

describe('azureMonitorPayloadSchema', () => {
  it('tells a legacy payload from the common schema', () => {
    expect(isCommonAlertSchema(fixture('azure-monitor', 'legacy-metric-alert'))).toBe(false);
    expect(isCommonAlertSchema(fixture('azure-monitor', 'metric-fired-aks'))).toBe(true);
    expect(isCommonAlertSchema([1])).toBe(false);
  });

  it('names missing essentials', () => {
    expect(errorOf(fixture('azure-monitor', 'malformed-missing-essentials'))).toBe(
      'data.essentials: expected object',
    );
  });

  it('names the bad alertContext field of a Prometheus alert', () => {
    expect(errorOf(fixture('azure-monitor', 'malformed-prometheus-labels-not-object'))).toBe(
      'data.alertContext.labels: expected object',
    );
  });

  it('names an unknown monitorCondition and severity', () => {
    const message = errorOf(fixture('azure-monitor', 'malformed-bad-condition-and-severity'));
    expect(message).toContain('data.essentials.severity');
    expect(message).toContain('data.essentials.monitorCondition');
  });
});
