import { describe, expect, it } from 'vitest';
import { toBudget } from '../src/kube-views.js';
import { budgetCoversPod, budgetsForPod } from '../src/pdb-matching.js';
import { budget, pod } from './kube-fixtures.js';

describe('budgetsForPod', () => {
  const nginx = pod('nginx-1', { labels: { app: 'nginx', tier: 'web' } });

  it('finds the budgets whose selector matches the pod in its namespace', () => {
    const budgets = [
      budget('nginx-pdb'),
      budget('other-ns', { namespace: 'shop' }),
      budget('storefront-pdb', { selector: { matchLabels: { app: 'storefront' } } }),
      budget('web-tier', {
        selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] },
      }),
    ].map(toBudget);
    expect(budgetsForPod(nginx, budgets).map((b) => b.name)).toEqual(['nginx-pdb', 'web-tier']);
  });

  it('covers nothing with a null selector and everything with an empty one (policy/v1)', () => {
    expect(budgetCoversPod(toBudget(budget('none', { selector: null })), nginx)).toBe(false);
    expect(budgetCoversPod(toBudget(budget('all', { selector: {} })), nginx)).toBe(true);
  });
});
