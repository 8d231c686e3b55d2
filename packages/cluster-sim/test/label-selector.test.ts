import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../src/errors.js';
import { compileLabelSelector, matchesSelectorObject, parseLabelSelector } from '../src/label-selector.js';

const labels = { app: 'web', tier: 'front', 'kubernetes.io/os': 'linux', replicas: '3' };

describe('label selectors', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (db, web)', true],
    ['app notin (db,web)', false],
    ['tier,app', true],
    ['!legacy', true],
    ['!app', false],
    ['kubernetes.io/os=linux,tier=front', true],
    ['kubernetes.io/os=windows', false],
    ['replicas>2', true],
    ['replicas<2', false],
    ['app=web,env in (prod)', false],
  ])('"%s" matches the sample labels: %s', (selector, expected) => {
    expect(compileLabelSelector(selector)(labels)).toBe(expected);
  });

  it('treats objects without labels as having none', () => {
    expect(compileLabelSelector('!app')(undefined)).toBe(true);
    expect(compileLabelSelector('app')(undefined)).toBe(false);
  });

  it.each(['app=web,', 'a b', 'in (x)', 'bad key!=x', 'x>y', ',app'])(
    'rejects malformed selector "%s" with BadRequest',
    (selector) => {
      expect(() => compileLabelSelector(selector)).toThrow(KubeApiError);
      expect(() => compileLabelSelector(selector)).toThrow(/unable to parse requirement/);
    },
  );

  it('parses set requirements into values', () => {
    expect(parseLabelSelector('env in (a, b),!x')).toEqual([
      { key: 'env', op: 'in', values: ['a', 'b'] },
      { key: 'x', op: 'notExists' },
    ]);
  });

  it('matches structured selectors; an empty one selects everything', () => {
    expect(matchesSelectorObject({}, labels)).toBe(true);
    expect(matchesSelectorObject({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(
      matchesSelectorObject(
        {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }],
        },
        labels,
      ),
    ).toBe(false);
    expect(
      matchesSelectorObject({ matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' }] }, labels),
    ).toBe(true);
  });
});
