import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../src/errors.js';
import { extractFieldValues, matchesFieldRequirements, parseFieldSelector } from '../src/field-selector.js';

describe('field selectors', () => {
  const pod = {
    metadata: { name: 'web-1', namespace: 'shop' },
    spec: { nodeName: 'n1', restartPolicy: 'Always', hostNetwork: false },
    status: { phase: 'Running', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }] },
  };
  const values = extractFieldValues('pods', pod);
  const matches = (selector: string) =>
    matchesFieldRequirements(parseFieldSelector('pods', selector), 'web-1', 'shop', values);

  it('reads the selectable pod fields, booleans as "true"/"false"', () => {
    expect(values).toMatchObject({
      'spec.nodeName': 'n1',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIPs': '10.0.0.1,fd00::1',
    });
  });

  it.each([
    ['spec.nodeName=n1', true],
    ['spec.nodeName==n1', true],
    ['spec.nodeName!=n1', false],
    ['status.phase!=Running,metadata.namespace=shop', false],
    ['status.phase=Running,metadata.name=web-1', true],
    ['spec.schedulerName=', true],
    ['spec.hostNetwork=false', true],
  ])('"%s" matches the sample pod: %s', (selector, expected) => {
    expect(matches(selector)).toBe(expected);
  });

  it('maps events.k8s.io field names onto the stored core event fields', () => {
    const event = {
      metadata: { name: 'e' },
      involvedObject: { kind: 'Node', name: 'n1' },
      source: { component: 'kubelet' },
    };
    const reqs = parseFieldSelector('events', 'regarding.kind=Node,deprecatedSource.component=kubelet');
    expect(matchesFieldRequirements(reqs, 'e', 'default', extractFieldValues('events', event))).toBe(true);
  });

  it('rejects fields the kind does not support with the API message', () => {
    for (const [resource, selector] of [
      ['pods', 'spec.bogus=1'],
      ['configmaps', 'data.a=1'],
      ['nodes', 'status.phase=Ready'],
    ] as const) {
      let error: unknown;
      try {
        parseFieldSelector(resource, selector);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(KubeApiError);
      expect((error as KubeApiError).message).toBe(
        `"${selector.split('=')[0]}" is not a known field selector`,
      );
    }
  });

  it('rejects set operators, which field selectors do not have', () => {
    expect(() => parseFieldSelector('pods', 'spec.nodeName in (a)')).toThrow(KubeApiError);
  });
});
