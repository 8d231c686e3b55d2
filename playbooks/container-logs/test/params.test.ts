import { expect, it } from 'vitest';
import { containerLogsParams } from '../src/params.js';

it('defaults since to 1h', () => {
  expect(containerLogsParams.parse({ namespace: 'web', pod: 'web-1' })).toEqual({
    namespace: 'web',
    pod: 'web-1',
    since: '1h',
  });
});

it('accepts a workload, a container, 7d and a workspace GUID', () => {
  const params = {
    namespace: 'web',
    workload: 'checkout',
    container: 'app',
    since: '7d',
    workspace: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
  };
  expect(containerLogsParams.parse(params)).toEqual(params);
});

it.each([
  [{ namespace: 'web', since: '8d' }, /since/],
  [{ namespace: 'web', since: '1h | take 5' }, /since/],
  [{ namespace: 'Web"' }, /namespace/],
  [{ namespace: 'web', pod: 'a" | union *' }, /pod/],
  [{ namespace: 'web', pod: 'a', workload: 'b' }, /not both/],
  [{ namespace: 'web', workspace: 'ws/../../x' }, /workspace/],
  [{}, /namespace/],
  [{ pod: 'web-1' }, /need --namespace/],
  [{ node: 'Bad_Node' }, /node/],
  [{ subject: 'pod/only-two' }, /subject/],
  [{ kql: 'x'.repeat(10_001) }, /kql/],
])('refuses %j with a message naming what is wrong', (input, message) => {
  const result = containerLogsParams.safeParse(input);
  expect(result.success).toBe(false);
  expect(result.error?.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')).toMatch(message);
});

it.each([
  [{ subject: 'pod/web/web-1' }, { namespace: 'web', pod: 'web-1' }],
  [{ subject: 'workload/web/Deployment/checkout' }, { namespace: 'web', workload: 'checkout' }],
  [{ subject: 'namespace/web' }, { namespace: 'web' }],
  [{ subject: 'service/web/front' }, { namespace: 'web' }],
  [{ subject: 'node/aks-np1-0' }, { node: 'aks-np1-0' }],
  [{ subject: 'cluster' }, {}],
  [{ subject: 'pod/web/web-1', namespace: 'other' }, { namespace: 'other' }],
])('fills the scope from a routed subject: %j', (input, scope) => {
  expect(containerLogsParams.parse(input)).toEqual({ ...scope, ...input, since: '1h' });
});

it('takes a raw query with a look-back and no scope', () => {
  expect(containerLogsParams.parse({ kql: 'KubeEvents | take 5', since: '2h' })).toEqual({
    kql: 'KubeEvents | take 5',
    since: '2h',
  });
});
