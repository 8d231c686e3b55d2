import type { Signal } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { logSearchAlertOf } from '../src/log-search-alert.js';

const signal = (over: Partial<Signal>): Signal => ({
  source: 'azure-monitor',
  key: 'k',
  status: 'firing',
  name: 'Nodes not ready',
  cluster: 'aks-prod',
  labels: { alertRule: 'Nodes not ready' },
  annotations: {},
  startsAt: '2025-03-04T08:00:52.4137711Z',
  ...over,
});

describe('logSearchAlertOf', () => {
  it('reads the query and the evaluated window of a log search alert', () => {
    expect(
      logSearchAlertOf(
        signal({
          annotations: {
            searchQuery: 'KubeNodeInventory | summarize by Computer',
            windowStartTime: '2025-03-04T07:50:00Z',
            windowEndTime: '2025-03-04T08:00:00Z',
          },
        }),
      ),
    ).toEqual({
      rule: 'Nodes not ready',
      query: 'KubeNodeInventory | summarize by Computer',
      window: '2025-03-04T07:50:00.000Z/2025-03-04T08:00:00.000Z',
    });
  });

  it.each([
    ['no window', {}],
    [
      'a window ending before it starts',
      { windowStartTime: '2025-03-04T08:00:00Z', windowEndTime: '2025-03-04T07:50:00Z' },
    ],
    [
      'a window longer than 7 days',
      { windowStartTime: '2025-02-01T00:00:00Z', windowEndTime: '2025-03-04T00:00:00Z' },
    ],
    ['a window that does not parse', { windowStartTime: 'yesterday', windowEndTime: '2025-03-04T00:00:00Z' }],
  ])('drops %s', (_, window) => {
    expect(
      logSearchAlertOf(signal({ annotations: { searchQuery: 'KubeEvents', ...window } }))?.window,
    ).toBeUndefined();
  });

  it('takes the target resource as the scope when it is an ARM ID', () => {
    const cluster =
      '/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/aks-prod';
    const withTarget = (azureResourceId: string) =>
      logSearchAlertOf(signal({ labels: { azureResourceId }, annotations: { searchQuery: 'KubeEvents' } }))
        ?.scope;
    expect(withTarget(cluster)).toBe(cluster);
    expect(withTarget('/subscriptions/../../workspaces/x')).toBeUndefined();
    expect(withTarget('aks-prod')).toBeUndefined();
  });

  it('is undefined for signals without a search query or from elsewhere', () => {
    expect(logSearchAlertOf(signal({}))).toBeUndefined();
    expect(
      logSearchAlertOf(signal({ source: 'alertmanager', annotations: { searchQuery: 'KubeEvents' } })),
    ).toBeUndefined();
  });
});
