import { definePlaybook, type Signal } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { planRuns } from '../src/routing.js';

const signal = (over: Partial<Signal> = {}): Signal => ({
  source: 'alertmanager',
  key: 'fp1',
  status: 'firing',
  name: 'KubeNodeNotReady',
  cluster: 'prod',
  labels: { node: 'n1' },
  annotations: {},
  startsAt: '2025-03-04T08:12:30Z',
  ...over,
});

const nodeHealth = definePlaybook({
  name: 'node-health',
  summary: 'why a node is unhealthy',
  params: z.object({ node: z.string() }),
  triggers: [
    {
      names: ['KubeNodeNotReady'],
      params: (_s, subject) => (subject.kind === 'node' ? { node: subject.name } : undefined),
    },
  ],
  run: async () => [],
});

describe('planRuns', () => {
  it('runs the playbooks whose triggers name the alert, with params from the subject', () => {
    expect(planRuns(signal(), { kind: 'node', name: 'n1' }, [nodeHealth], [])).toEqual([
      { playbook: 'node-health', params: { node: 'n1' } },
    ]);
  });

  it('skips a trigger whose params builder declines the subject, falling back to describe', () => {
    expect(planRuns(signal(), { kind: 'cluster' }, [nodeHealth], [])).toEqual([
      { playbook: 'describe', params: { subject: 'cluster' } },
    ]);
  });

  it('describes the subject of an unrouted alert', () => {
    expect(
      planRuns(
        signal({ name: 'SomethingElse' }),
        { kind: 'pod', namespace: 'a', name: 'b' },
        [nodeHealth],
        [],
      ),
    ).toEqual([{ playbook: 'describe', params: { subject: 'pod/a/b' } }]);
  });

  it('lets configured routes override triggers and merge fixed params', () => {
    const routes = [{ alertnames: ['KubeNodeNotReady'], playbooks: ['describe'], params: { events: 5 } }];
    expect(planRuns(signal(), { kind: 'node', name: 'n1' }, [nodeHealth], routes)).toEqual([
      { playbook: 'describe', params: { subject: 'node/n1', events: 5 } },
    ]);
  });

  it('runs exactly the playbook a command names, with its params', () => {
    expect(
      planRuns(
        signal({ source: 'cli', playbook: 'node-health', params: { node: 'x' } }),
        { kind: 'cluster' },
        [nodeHealth],
        [],
      ),
    ).toEqual([{ playbook: 'node-health', params: { node: 'x' } }]);
  });

  const containerLogs = definePlaybook({
    name: 'container-logs',
    summary: 'logs from Log Analytics',
    params: z.object({ subject: z.string() }),
    triggers: [],
    run: async () => [],
  });
  const logAlert = signal({
    source: 'azure-monitor',
    name: 'IIS answers 5xx',
    labels: { PodNamespace: 'win', PodName: 'iis-1' },
    annotations: { searchQuery: 'ContainerLogV2 | where LogMessage has " 500 "' },
  });

  it('adds container-logs to a log search alert of any name, beside its usual runs', () => {
    const pod = { kind: 'pod', namespace: 'win', name: 'iis-1' } as const;
    expect(planRuns(logAlert, pod, [nodeHealth, containerLogs], [])).toEqual([
      { playbook: 'describe', params: { subject: 'pod/win/iis-1' } },
      { playbook: 'container-logs', params: { subject: 'pod/win/iis-1' } },
    ]);
    const routes = [{ alertnames: ['IIS answers 5xx'], playbooks: ['describe', 'container-logs'] }];
    expect(planRuns(logAlert, pod, [nodeHealth, containerLogs], routes)).toEqual([
      { playbook: 'describe', params: { subject: 'pod/win/iis-1' } },
      { playbook: 'container-logs', params: { subject: 'pod/win/iis-1' } },
    ]);
  });

  it('does not add container-logs to alerts without a search query, or when it is not registered', () => {
    const metric = signal({ source: 'azure-monitor', name: 'Node CPU above 95%', labels: { node: 'n1' } });
    expect(planRuns(metric, { kind: 'node', name: 'n1' }, [nodeHealth, containerLogs], [])).toEqual([
      { playbook: 'describe', params: { subject: 'node/n1' } },
    ]);
    expect(planRuns(logAlert, { kind: 'cluster' }, [nodeHealth], [])).toEqual([
      { playbook: 'describe', params: { subject: 'cluster' } },
    ]);
  });
});
