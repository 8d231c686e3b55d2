import type { RemediationChange } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { renderFindingActions } from '../src/finding-actions.js';
import { fixButtons, MAX_OFFERED_FIXES, patchCommand } from '../src/fix-buttons.js';
import { checkMessageLimits } from '../src/slack-limits.js';

const relax: RemediationChange = {
  summary: 'Relax PodDisruptionBudget web/nginx-pdb to maxUnavailable 1',
  resource: 'poddisruptionbudgets',
  name: 'nginx-pdb',
  namespace: 'web',
  type: 'merge',
  patch: { spec: { minAvailable: null, maxUnavailable: 1 } },
};
const base = { i: 'inv-1', c: 'prod', s: 'node/n1' };

describe('fixButtons', () => {
  it('shows the exact kubectl command in a confirmation dialog and carries only a reference', () => {
    const [button] = fixButtons(base, [{ ref: 'abc.0', change: relax }]);
    expect(button?.action_id).toBe('triage_apply_fix_0');
    expect(JSON.parse(button?.value ?? '')).toEqual({ ...base, x: 'abc.0' });
    expect(button?.text.text).toBe('Apply: Relax PodDisruptionBudget web/nginx-pdb to maxUnavailable 1');
    expect(button?.confirm?.text.text).toContain(
      `kubectl -n web patch poddisruptionbudgets nginx-pdb --type merge -p '{"spec":{"minAvailable":null,"maxUnavailable":1}}'`,
    );
    expect(button?.confirm?.confirm?.text).toBe('Apply');
  });

  it('leaves out a fix whose command does not fit the dialog, and offers at most five', () => {
    const huge = { ...relax, patch: { metadata: { annotations: { note: 'x'.repeat(400) } } } };
    expect(fixButtons(base, [{ ref: 'r', change: huge }])).toEqual([]);
    const many = Array.from({ length: 8 }, (_, n) => ({ ref: `r.${n}`, change: relax }));
    const buttons = fixButtons(base, many);
    expect(buttons).toHaveLength(MAX_OFFERED_FIXES);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(MAX_OFFERED_FIXES);
  });

  it('clips a long summary to the 75 characters a button label may have', () => {
    const [button] = fixButtons(base, [{ ref: 'r', change: { ...relax, summary: 'y'.repeat(120) } }]);
    expect(button?.text.text).toHaveLength(75);
    expect(button?.text.text.endsWith('…')).toBe(true);
  });

  it('writes a cluster-scoped change without a namespace flag', () => {
    expect(patchCommand({ ...relax, namespace: undefined, resource: 'nodes', name: 'n1', patch: {} })).toBe(
      "kubectl patch nodes n1 --type merge -p '{}'",
    );
  });
});

describe('renderFindingActions with fixes', () => {
  const context = {
    investigationId: 'inv-1',
    cluster: 'prod',
    subject: 'node/n1',
    playbook: 'pdb-drain',
    params: {},
  };

  it('puts the Apply fix buttons in their own block under the other controls, within Slack limits', () => {
    const message = renderFindingActions({ ...context, fixes: [{ ref: 'abc.0', change: relax }] });
    expect(message.blocks?.map((b) => b.block_id)).toEqual(['triage_actions', 'triage_fixes']);
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('adds no block when nothing is offered', () => {
    expect(renderFindingActions(context).blocks).toHaveLength(1);
  });
});
