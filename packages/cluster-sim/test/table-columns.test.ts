import { describe, expect, it } from 'vitest';
import { ageOf, humanDuration } from '../src/human-duration.js';
import type { KubeObject } from '../src/kube-object.js';
import { summarizePod } from '../src/table-pod-columns.js';

describe('humanDuration', () => {
  it.each([
    [45, '45s'],
    [119, '119s'],
    [330, '5m30s'],
    [600, '10m'],
    [47 * 60, '47m'],
    [200 * 60, '3h20m'],
    [17 * 3600, '17h'],
    [52 * 3600, '2d4h'],
    [12 * 86400, '12d'],
    [(365 * 3 + 30) * 86400, '3y30d'],
  ])('formats %i seconds as %s', (seconds, text) => {
    expect(humanDuration(seconds * 1000)).toBe(text);
  });

  it('prints <unknown> for a missing timestamp', () => {
    expect(ageOf(undefined, new Date())).toBe('<unknown>');
  });
});

describe('summarizePod', () => {
  const pod = (status: object, extra: Partial<KubeObject> = {}): KubeObject => ({
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'a' }, { name: 'b' }], initContainers: [{ name: 'init' }] },
    status,
    ...extra,
  });

  it('shows the waiting reason of a crash-looping container and counts restarts', () => {
    const s = summarizePod(
      pod({
        phase: 'Running',
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 0, state: { running: {} } },
          {
            name: 'b',
            ready: false,
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { finishedAt: '2025-01-01T00:00:00Z' } },
          },
        ],
      }),
    );
    expect(s).toEqual({
      ready: 1,
      total: 2,
      reason: 'CrashLoopBackOff',
      restarts: 3,
      lastRestart: '2025-01-01T00:00:00Z',
    });
  });

  it('shows init progress while an init container runs', () => {
    const s = summarizePod(
      pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', state: { running: {} } }] }),
    );
    expect(s.reason).toBe('Init:0/1');
  });

  it('shows OOMKilled, Terminating and the pod-level reason', () => {
    expect(
      summarizePod(
        pod({
          phase: 'Running',
          containerStatuses: [{ name: 'a', state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }],
        }),
      ).reason,
    ).toBe('OOMKilled');
    expect(
      summarizePod(
        pod({ phase: 'Running' }, { metadata: { name: 'p', deletionTimestamp: '2025-01-01T00:00:00Z' } }),
      ).reason,
    ).toBe('Terminating');
    expect(summarizePod(pod({ phase: 'Failed', reason: 'Evicted' })).reason).toBe('Evicted');
  });
});
