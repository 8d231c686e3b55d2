import { describe, expect, it } from 'vitest';
import type { PodView } from '../src/kube-shapes.js';
import { podProblems } from '../src/pod-problems.js';

const now = new Date('2026-11-22T12:00:00Z');

function pod(status: PodView['status'], created = '2026-11-22T11:00:00Z'): PodView {
  return { metadata: { name: 'web-1', namespace: 'shop', creationTimestamp: created }, status };
}

describe('podProblems', () => {
  it('reports an evicted pod with the kubelet reason', () => {
    const problems = podProblems(
      pod({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }),
      now,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        reason: 'Evicted',
        text: 'Failed (Evicted): The node was low on resource: memory.',
      }),
    ]);
  });

  it('reports an unschedulable pod with the scheduler message', () => {
    const message = '0/3 nodes are available: 3 Insufficient memory.';
    const problems = podProblems(
      pod({
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }],
      }),
      now,
    );
    expect(problems).toEqual([
      expect.objectContaining({ reason: 'Unschedulable', text: `not scheduled: ${message}` }),
    ]);
  });

  it('reports a container that was OOM-killed and is running again as a warning', () => {
    const problems = podProblems(
      pod({
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          {
            name: 'web',
            ready: true,
            restartCount: 3,
            state: { running: {} },
            lastState: {
              terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: '2026-11-22T11:54:00Z' },
            },
          },
        ],
      }),
      now,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        reason: 'OOMKilled',
        text: 'container web: OOMKilled 6m ago, 3 restarts',
      }),
    ]);
  });

  it('reports a failing init container and a config error', () => {
    const problems = podProblems(
      pod({
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'migrate',
            ready: false,
            restartCount: 5,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
          },
        ],
        containerStatuses: [
          {
            name: 'web',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' } },
          },
        ],
      }),
      now,
    );
    expect(problems.map((p) => [p.reason, p.evidence.source])).toEqual([
      ['CrashLoopBackOff', 'Pod/shop/web-1 .status.initContainerStatuses[migrate]'],
      ['CreateContainerConfigError', 'Pod/shop/web-1 .status.containerStatuses[web]'],
    ]);
  });

  it('reports a Running pod that is not Ready (readiness probe) only when no container explains it', () => {
    const problems = podProblems(
      pod({
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False', message: 'containers with unready status: [web]' }],
        containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { running: {} } }],
      }),
      now,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        reason: 'NotReady',
        text: 'Running but not Ready: containers with unready status: [web]',
      }),
    ]);
  });

  it('lets a pod start for a few minutes before calling Pending a problem', () => {
    const starting = {
      phase: 'Pending',
      containerStatuses: [
        { name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
      ],
    };
    expect(podProblems(pod(starting, '2026-11-22T11:58:00Z'), now)).toEqual([]);
    expect(podProblems(pod(starting, '2026-11-22T11:40:00Z'), now)).toEqual([
      expect.objectContaining({ reason: 'Pending', text: 'Pending since 20m ago: web ContainerCreating' }),
    ]);
  });

  it('reports a pod stuck Terminating, but not one that is shutting down normally', () => {
    const terminating = (since: string): PodView => ({
      metadata: { name: 'web-1', namespace: 'shop', deletionTimestamp: since },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    expect(podProblems(terminating('2026-11-22T11:59:30Z'), now)).toEqual([]);
    expect(podProblems(terminating('2026-11-22T11:48:00Z'), now)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        reason: 'Terminating',
        text: 'Terminating since 12m ago',
      }),
    ]);
  });

  it('finds nothing wrong with a completed pod', () => {
    expect(
      podProblems(pod({ phase: 'Succeeded', conditions: [{ type: 'Ready', status: 'False' }] }), now),
    ).toEqual([]);
  });
});
