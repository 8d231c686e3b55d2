import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerBound, SortedKeySet, upperBound } from '../src/sorted-key-set.js';

describe('SortedKeySet', () => {
  it('keeps keys sorted through any mix of adds, deletes and reads', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('add', 'delete', 'read'), fc.string({ maxLength: 4 })), {
          maxLength: 300,
        }),
        (ops) => {
          const set = new SortedKeySet();
          const model = new Set<string>();
          for (const [op, key] of ops) {
            if (op === 'add' && !model.has(key)) {
              set.add(key);
              model.add(key);
            } else if (op === 'delete') {
              set.delete(key);
              model.delete(key);
            } else {
              expect(set.view()).toEqual([...model].sort());
            }
          }
          expect(set.view()).toEqual([...model].sort());
          expect(set.size).toBe(model.size);
        },
      ),
    );
  });

  it('merges a large batch of adds in one pass', () => {
    const set = new SortedKeySet();
    const keys = Array.from({ length: 1000 }, (_, i) => `k${(i * 7919) % 1000}`);
    for (const k of keys) set.add(k);
    expect(set.view()).toEqual([...keys].sort());
  });

  it('finds bounds in a sorted array', () => {
    const sorted = ['a/1', 'a/2', 'b/1'];
    expect(lowerBound(sorted, 'a/')).toBe(0);
    expect(lowerBound(sorted, 'a0')).toBe(2);
    expect(upperBound(sorted, 'a/1')).toBe(1);
    expect(upperBound(sorted, 'a/15')).toBe(1);
  });
});
