import { describe, expect, it } from 'vitest';
import { helpText, parseCommand, parseDuration, usageFor } from '../../src/slack/parse-command.js';

function command(text: string) {
  const parsed = parseCommand(text);
  if (!parsed.ok) throw new Error(`expected ${text} to parse: ${parsed.error}`);
  return parsed.command;
}

function error(text: string): string {
  const parsed = parseCommand(text);
  if (parsed.ok) throw new Error(`expected ${text} to fail`);
  return parsed.error;
}

describe('parseCommand', () => {
  it.each([
    [
      'node aks-np1-0',
      { playbook: 'node-health', params: { node: 'aks-np1-0' }, labels: { node: 'aks-np1-0' } },
    ],
    ['pdb aks-np1-0', { playbook: 'pdb-drain', params: { node: 'aks-np1-0' } }],
    ['pdb -n shop', { playbook: 'pdb-drain', params: { namespace: 'shop' }, labels: { namespace: 'shop' } }],
    [
      'dns shop/web-1',
      { playbook: 'network-trace', params: { pod: 'shop/web-1', mode: 'dns', durationSeconds: 30 } },
    ],
    ['dns shop/web-1 --for 2m', { params: { pod: 'shop/web-1', mode: 'dns', durationSeconds: 120 } }],
    ['tcp shop/web-1 --for 45s', { params: { pod: 'shop/web-1', mode: 'tcp', durationSeconds: 45 } }],
    [
      'tcp shop/svc/api',
      {
        params: { service: 'shop/api', mode: 'tcp', durationSeconds: 30 },
        labels: { namespace: 'shop', service: 'api' },
      },
    ],
    ['winlogs akswin000001', { playbook: 'windows-logs', params: { node: 'akswin000001' } }],
    [
      'logs shop/web-1',
      { playbook: 'container-logs', params: { namespace: 'shop', pod: 'web-1', since: '1h' } },
    ],
    ['logs shop/web-1 --since 2d', { params: { namespace: 'shop', pod: 'web-1', since: '2d' } }],
    ['report', { playbook: 'health-report', params: {} }],
  ])('turns "%s" into its playbook and validated params', (text, expected) => {
    expect(command(text)).toMatchObject({ kind: 'playbook', ...expected });
  });

  it('passes a kql query verbatim, options and pipes included, and takes --cluster only before it', () => {
    const query = 'ContainerLogV2 | where LogMessage has "--cluster" | take 10';
    expect(command(`kql ${query}`)).toMatchObject({
      action: 'kql',
      playbook: 'container-logs',
      params: { kql: query },
    });
    expect(command(`kql --cluster prod ${query}`)).toMatchObject({ cluster: 'prod', params: { kql: query } });
  });

  it('refuses a kql query longer than 2000 characters', () => {
    expect(error(`kql ${'x'.repeat(2001)}`)).toContain('longer than 2000');
  });

  it('takes --cluster anywhere in other commands', () => {
    expect(command('node --cluster prod-eu n1')).toMatchObject({
      cluster: 'prod-eu',
      params: { node: 'n1' },
    });
    expect(command('status --cluster prod-eu')).toEqual({
      kind: 'info',
      action: 'status',
      cluster: 'prod-eu',
    });
  });

  it('answers help, an empty text, status and playbooks itself', () => {
    expect(command('')).toEqual({ kind: 'info', action: 'help' });
    expect(command('  help ')).toEqual({ kind: 'info', action: 'help' });
    expect(command('playbooks')).toEqual({ kind: 'info', action: 'playbooks' });
  });

  it.each([
    ['node', 'node needs a node name'],
    ['node Bad_Name', 'is not a Kubernetes node name'],
    ['node a b', 'unexpected "b"'],
    ['dns web-1', 'is not <namespace>/<name>'],
    ['dns shop/svc/api', 'dns traces a pod'],
    ['dns shop/web-1 --for 5m', '--for must be a duration like 30s or 2m, at most 120s'],
    ['dns shop/web-1 --for soon', '--for must be a duration'],
    ['dns shop/web-1 --for', '--for needs a value'],
    ['dns shop/web-1 --until 3s', 'unknown option --until'],
    ['logs shop/web-1 --since 8d', 'at most 7d'],
    ['logs Shop/web-1', 'is not a namespace name'],
    ['pdb -n shop extra', 'unexpected "extra"'],
    ['kql', 'kql needs a query'],
    ['node n1 --cluster', '--cluster needs a cluster name'],
    ['node n1 --cluster Prod_EU', '--cluster needs a cluster name'],
    ['reboot n1', 'unknown command "reboot"'],
    ['toString', 'unknown command "toString"'],
    ['__proto__ x', 'unknown command "__proto__"'],
    ['node $(reboot)', 'is not a Kubernetes node name'],
    ['node n1 -rf', 'unknown option -rf'],
  ])('refuses "%s" with a message naming the mistake', (text, message) => {
    expect(error(text)).toContain(message);
  });
});

describe('usage', () => {
  it('shows the usage line of the command a mistake was made in, else the whole help', () => {
    expect(usageFor('dns nope')).toBe(
      `Usage: ${'`/triage dns <namespace>/<pod> [--for 30s]` — trace DNS from a pod (at most 120s)'}`,
    );
    expect(usageFor('reboot')).toBe(helpText());
    for (const verb of [
      'node',
      'pdb',
      'dns',
      'tcp',
      'winlogs',
      'logs',
      'kql',
      'report',
      'status',
      'playbooks',
      '--cluster',
    ])
      expect(helpText()).toContain(verb);
  });

  it('reads durations in s, m, h and d', () => {
    expect([parseDuration('30s'), parseDuration('2m'), parseDuration('1h'), parseDuration('7d')]).toEqual([
      30, 120, 3600, 604_800,
    ]);
    expect(parseDuration('1w')).toBeUndefined();
  });
});
