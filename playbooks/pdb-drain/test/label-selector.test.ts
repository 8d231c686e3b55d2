import { describe, expect, it } from 'vitest';
import { matchesSelector, selectorString } from '../src/label-selector.js';

const labels = { app: 'nginx', tier: 'web', 'pod-template-hash': 'rfsjqvntbk' };

describe('matchesSelector', () => {
  it('matches when every matchLabels pair is present', () => {
    expect(matchesSelector({ matchLabels: { app: 'nginx', tier: 'web' } }, labels)).toBe(true);
    expect(matchesSelector({ matchLabels: { app: 'storefront' } }, labels)).toBe(false);
  });

  it('treats an empty selector as matching every pod', () => {
    expect(matchesSelector({}, labels)).toBe(true);
    expect(matchesSelector({ matchLabels: null, matchExpressions: null }, {})).toBe(true);
  });

  it('applies In, NotIn, Exists and DoesNotExist as apimachinery does', () => {
    expect(
      matchesSelector(
        { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] },
        labels,
      ),
    ).toBe(true);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['api'] }] }, labels),
    ).toBe(false);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, labels),
    ).toBe(false);
    // NotIn also matches pods without the key.
    expect(
      matchesSelector({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels),
    ).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, labels)).toBe(
      true,
    );
    expect(matchesSelector({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels)).toBe(
      false,
    );
  });

  it('needs matchLabels and every expression to hold together', () => {
    const selector = {
      matchLabels: { app: 'nginx' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['api'] }],
    };
    expect(matchesSelector(selector, labels)).toBe(false);
  });

  it('matches nothing with an operator the API does not know', () => {
    expect(
      matchesSelector({ matchExpressions: [{ key: 'app', operator: 'Matches', values: ['.*'] }] }, labels),
    ).toBe(false);
  });
});

describe('selectorString', () => {
  it('writes the selector in labelSelector query syntax', () => {
    expect(
      selectorString({
        matchLabels: { app: 'nginx' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['web', 'api'] },
          { key: 'zone', operator: 'NotIn', values: ['a'] },
          { key: 'team', operator: 'Exists' },
          { key: 'canary', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=nginx,tier in (web,api),zone notin (a),team,!canary');
    expect(selectorString({})).toBe('');
  });
});
