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
])('refuses %j with a message naming what is wrong', (input, message) => {
  const result = containerLogsParams.safeParse(input);
  expect(result.success).toBe(false);
  expect(result.error?.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')).toMatch(message);
});
