import { describe, expect, it } from 'vitest';
import {
  assertNamespaceName,
  assertObjectName,
  isNamespaceName,
  isObjectName,
} from '../src/validate-name.js';

describe('name validation', () => {
  it('accepts real object names', () => {
    for (const name of ['aks-np1-31415926-vmss000002', 'web-7d9c-x2k4p', 'web-1.17a8b2c3d4e5f6a7', 'a']) {
      expect(isObjectName(name)).toBe(true);
    }
  });

  it('rejects names that could change the request path or query', () => {
    for (const name of [
      '',
      '../secrets',
      'a/b',
      'a?watch=1',
      'Web',
      'a b',
      '-a',
      'a-',
      '.a',
      'a%2f',
      'x'.repeat(254),
    ]) {
      expect(isObjectName(name)).toBe(false);
    }
    expect(() => assertObjectName('../../api')).toThrow(/invalid object name/);
  });

  it('requires namespaces to be DNS-1123 labels', () => {
    expect(isNamespaceName('kube-system')).toBe(true);
    expect(isNamespaceName('a.b')).toBe(false);
    expect(isNamespaceName('x'.repeat(64))).toBe(false);
    expect(() => assertNamespaceName('Shop')).toThrow(/invalid namespace/);
  });
});
