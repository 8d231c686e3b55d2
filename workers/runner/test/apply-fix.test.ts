import type { ChatMessage } from '@triage/chat';
import type { Finding, RemediationChange, Signal } from '@triage/core';
import { type RedisServer, startLocalRedis } from '@triage/dev-services';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPLY_FIX_SIGNAL_NAME,
  type ChangeApplier,
  createFixApplier,
  type FixAuditEntry,
} from '../src/apply-fix.js';
import { createFixStore, offeredFixes } from '../src/fix-store.js';
import { createInvestigationStore, type Investigation } from '../src/investigation-store.js';
import type { ThreadPoster } from '../src/thread-poster.js';

const relax: RemediationChange = {
  summary: 'Relax PodDisruptionBudget web/nginx-pdb to maxUnavailable 1',
  resource: 'poddisruptionbudgets',
  name: 'nginx-pdb',
  namespace: 'web',
  type: 'merge',
  patch: { spec: { minAvailable: null, maxUnavailable: 1 } },
};
const finding = (changes?: RemediationChange[]): Finding => ({
  severity: 'critical',
  title: 't',
  detail: 'd',
  subject: 'node/n1',
  evidence: [],
  remediation: { summary: 's', steps: [], ...(changes && { changes }) },
});

let server: RedisServer;
let redis: Redis;
let investigation: Investigation;
let presses = 0;

beforeAll(async () => {
  server = await startLocalRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
  const opened = await createInvestigationStore(redis, 'fix-test').openOrJoin(
    { cluster: 'prod', subject: 'node/n1', title: 'triage pdb', channel: 'C1' },
    new Date(),
  );
  investigation = opened.investigation;
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

function press(fix: string, cluster = 'prod'): Signal {
  return {
    source: 'slack',
    key: `slack:trigger-${++presses}`,
    status: 'firing',
    name: APPLY_FIX_SIGNAL_NAME,
    cluster,
    labels: {},
    annotations: { button: 'apply-fix' },
    startsAt: new Date().toISOString(),
    requestedBy: 'U0ALICE',
    params: { investigation: investigation.id, fix },
  };
}

async function applierWith(applier?: ChangeApplier) {
  const posted: { key: string; message: ChatMessage }[] = [];
  const audited: FixAuditEntry[] = [];
  const poster = {
    async replyOnce(_: Investigation, key: string, message: ChatMessage) {
      if (!posted.some((p) => p.key === key)) posted.push({ key, message });
    },
  } as ThreadPoster;
  const fixes = createFixStore(redis, 'fix-test');
  const offered = offeredFixes('run-1', [finding([relax]), finding()]);
  await fixes.save(investigation.id, offered);
  const applyFix = createFixApplier({
    store: createInvestigationStore(redis, 'fix-test'),
    fixes,
    poster,
    log: pino({ level: 'silent' }),
    clock: () => new Date('2026-11-22T16:00:00Z'),
    audit: { record: async (entry) => void audited.push(entry) },
    ...(applier && { applier }),
  });
  return { applyFix, posted, audited, ref: offered[0]?.ref as string };
}

describe('offeredFixes and the fix store', () => {
  it('references every change of a run stably and reads back exactly the stored change', async () => {
    const offered = offeredFixes('run-1', [finding([relax, relax]), finding(), finding([relax])]);
    expect(offered.map((f) => f.ref)).toEqual(
      offeredFixes('run-1', [finding([relax, relax]), finding(), finding([relax])]).map((f) => f.ref),
    );
    expect(new Set(offered.map((f) => f.ref)).size).toBe(3);
    const fixes = createFixStore(redis, 'fix-test');
    await fixes.save('inv-x', offered);
    expect(await fixes.get('inv-x', offered[2]?.ref as string)).toEqual(relax);
    expect(await fixes.get('inv-x', 'unknown.0')).toBeUndefined();
  });
});

describe('createFixApplier', () => {
  it('applies the stored change and says so in the thread, naming who asked', async () => {
    const applied: RemediationChange[] = [];
    const { applyFix, posted, audited, ref } = await applierWith({
      async apply(change) {
        applied.push(change);
        return { applied: true, stage: 'apply', status: 200, message: 'patched' };
      },
    });
    expect(await applyFix(press(ref))).toBe('fix-applied');
    expect(applied).toEqual([relax]);
    expect(posted[0]?.message.text).toMatch(
      /^:hammer_and_wrench: Applied by <@U0ALICE>: Relax PodDisruptionBudget/,
    );
    expect(posted[0]?.message.text).toContain(
      'kubectl -n web patch poddisruptionbudgets nginx-pdb --type merge',
    );
    expect(audited).toEqual([
      {
        at: '2026-11-22T16:00:00.000Z',
        user: 'U0ALICE',
        channel: 'C1',
        via: 'button',
        action: 'apply-fix',
        params: { investigation: investigation.id, fix: ref, change: relax },
        cluster: 'prod',
        outcome: 'done',
        detail: 'applied (200): patched',
      },
    ]);
  });

  it('reports a refused dry-run with the API message and that nothing changed', async () => {
    const { applyFix, posted, audited, ref } = await applierWith({
      async apply() {
        return {
          applied: false,
          stage: 'dry-run',
          status: 422,
          message: 'PodDisruptionBudget.policy "nginx-pdb" is invalid',
          causes: ['spec: minAvailable and maxUnavailable cannot be both set'],
        };
      },
    });
    expect(await applyFix(press(ref))).toBe('fix-refused');
    expect(posted[0]?.message.text).toContain(
      'The API server now refuses it in a dry-run (422): PodDisruptionBudget.policy "nginx-pdb" is invalid; spec: minAvailable and maxUnavailable cannot be both set. Nothing was changed.',
    );
    expect(audited.map((e) => [e.outcome, e.detail])).toEqual([
      ['failed', 'refused at the dry-run (422): PodDisruptionBudget.policy "nginx-pdb" is invalid'],
    ]);
  });

  it('reports an API error (e.g. RBAC) instead of failing the job', async () => {
    const { applyFix, posted, ref } = await applierWith({
      async apply() {
        throw new Error('patch poddisruptionbudgets/nginx-pdb is forbidden');
      },
    });
    expect(await applyFix(press(ref))).toBe('fix-refused');
    expect(posted[0]?.message.text).toMatch(
      /^:x: Could not apply \(asked by <@U0ALICE>\): Relax[^\n]*\n.*\npatch poddisruptionbudgets\/nginx-pdb is forbidden\.$/,
    );
  });

  it('changes nothing for an unknown reference, another cluster, or an install without write access', async () => {
    const calls: unknown[] = [];
    const { applyFix, posted, ref } = await applierWith({
      async apply(change) {
        calls.push(change);
        return { applied: true, stage: 'apply', status: 200, message: 'patched' };
      },
    });
    expect(await applyFix(press('nope.0'))).toBe('unmatched-fix');
    expect(posted[0]?.message.text).toContain('no longer on record');
    expect(await applyFix(press(ref, 'staging'))).toBe('unmatched-fix');
    expect(calls).toEqual([]);
    const readOnly = await applierWith();
    expect(await readOnly.applyFix(press(readOnly.ref))).toBe('fix-refused');
    expect(readOnly.posted[0]?.message.text).toContain('no write access. Apply it by hand');
  });
});
