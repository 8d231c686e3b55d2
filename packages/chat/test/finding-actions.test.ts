import { describe, expect, it } from 'vitest';
import { findingActionIds, renderFindingActions } from '../src/finding-actions.js';
import { checkMessageLimits } from '../src/slack-limits.js';

type Element = { action_id: string; value?: string; options?: { value: string }[]; confirm?: unknown };
const elementsOf = (message: ReturnType<typeof renderFindingActions>) =>
  (message.blocks ?? []).flatMap((b) => (b as unknown as { elements: Element[] }).elements);

const base = { investigationId: 'inv-1', cluster: 'prod', playbook: 'describe', params: { subject: 'x' } };

describe('renderFindingActions', () => {
  it('offers traces for a pod, Windows logs for a node, and Rerun and a confirmed Close for both', () => {
    const pod = elementsOf(renderFindingActions({ ...base, subject: 'pod/shop/web-1' })).map(
      (e) => e.action_id,
    );
    expect(pod).toEqual([
      findingActionIds.rerun,
      findingActionIds.traceDns,
      findingActionIds.traceTcp,
      findingActionIds.close,
    ]);
    const node = elementsOf(renderFindingActions({ ...base, subject: 'node/n1' }));
    expect(node.map((e) => e.action_id)).toEqual([
      findingActionIds.rerun,
      findingActionIds.winlogs,
      findingActionIds.close,
    ]);
    expect(node.at(-1)?.confirm).toBeDefined();
  });

  it('carries the investigation, cluster, subject, playbook and params in the Rerun value', () => {
    const [rerun] = elementsOf(renderFindingActions({ ...base, subject: 'node/n1' }));
    expect(JSON.parse(rerun?.value ?? '')).toEqual({
      i: 'inv-1',
      c: 'prod',
      s: 'node/n1',
      p: 'describe',
      a: { subject: 'x' },
    });
  });

  it('offers Silence 1h/4h/24h only for a run started by an Alertmanager alert, each option within 150 characters', () => {
    const message = renderFindingActions({
      ...base,
      subject: 'node/n1',
      alertFingerprint: 'a1b2c3d4e5f60718',
    });
    const silence = elementsOf(message).find((e) => e.action_id === findingActionIds.silence);
    expect(silence?.options?.map((o) => JSON.parse(o.value).d)).toEqual(['1h', '4h', '24h']);
    for (const option of silence?.options ?? []) expect(option.value.length).toBeLessThanOrEqual(150);
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('leaves Rerun out when its params do not fit Slack’s 2000-character button value', () => {
    const message = renderFindingActions({ ...base, subject: 'node/n1', params: { kql: 'x'.repeat(2500) } });
    expect(elementsOf(message).map((e) => e.action_id)).not.toContain(findingActionIds.rerun);
  });
});
