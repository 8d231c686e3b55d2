import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../src/errors.js';
import {
  findRule,
  leadingTimestamp,
  matchGlob,
  parseScenarioRules,
  shiftLogTimestamps,
} from '../src/scenario-rules.js';

const sample = `
logs:
  - pod: shop/storefront-6d8f7b9c4-x2k4p
    container: storefront
    text: |
      2025-03-04T08:12:30.118Z GET /checkout 502
exec:
  - match: { pod: "gadget/*", image: "*inspektor-gadget*", command: "*trace_dns*" }
    stdout: "{}\\n"
  - match: { pod: "kube-system/winlogs-*" }
    files:
      /tmp/triage/logs.zip: "base64:UEsDBAo="
run:
  - match: { image: "*inspektor-gadget*", command: "*trace_dns*", node: "*" }
    logs: |
      {"k8s":{"namespace":"shop"}}
    phase: Succeeded
metrics:
  nodes:
    aks-np1-31415926-vmss000002: { cpu: "1850m", memory: "6912Mi" }
  pods:
    shop/web-1: { web: { cpu: "120m", memory: "512Mi" } }
`;

describe('parseScenarioRules', () => {
  it('parses every section and fills defaults', () => {
    const rules = parseScenarioRules(sample);
    expect(rules.logs[0]).toMatchObject({ pod: 'shop/storefront-6d8f7b9c4-x2k4p', previous: false });
    expect(rules.exec[0]).toMatchObject({ stdout: '{}\n' });
    expect(rules.run[0]).toMatchObject({ phase: 'Succeeded', runningAfterSeconds: 1, finishAfterSeconds: 2 });
    expect(rules.metrics.nodes['aks-np1-31415926-vmss000002']).toEqual({ cpu: '1850m', memory: '6912Mi' });
  });

  it('treats an empty file as no rules', () => {
    expect(parseScenarioRules('')).toEqual({ logs: [], exec: [], run: [], metrics: { nodes: {}, pods: {} } });
  });

  it('names the file and the bad field when a rule is invalid', () => {
    const bad = 'run:\n  - match: { image: "x" }\n    phase: Exploded\n';
    expect(() => parseScenarioRules(bad, 'scenarios/x/sim.yaml')).toThrow(ScenarioError);
    expect(() => parseScenarioRules(bad, 'scenarios/x/sim.yaml')).toThrow(
      /scenarios\/x\/sim\.yaml: .*run\.0\.phase/,
    );
  });

  it('rejects unknown keys and a pod that is not namespace/name', () => {
    expect(() => parseScenarioRules('logz: []')).toThrow(/logz|Unrecognized/);
    expect(() => parseScenarioRules('logs:\n  - pod: web-1\n    text: x\n')).toThrow(
      /logs\.0\.pod: must be namespace\/name/,
    );
  });

  it('names every problem of the malformed fixture', () => {
    const text = readFileSync(new URL('fixtures/subresources/sim.malformed.yaml', import.meta.url), 'utf8');
    let message = '';
    try {
      parseScenarioRules(text, 'sim.malformed.yaml');
    } catch (error) {
      message = (error as Error).message;
    }
    for (const field of ['logs.0.pod', 'logs.0.text', 'exec.0.match', 'exec.0.exitCode', 'run.0.phase']) {
      expect(message).toContain(field);
    }
  });

  it('refuses the alias-bomb fixture instead of expanding it', () => {
    const text = readFileSync(new URL('fixtures/subresources/sim.hostile.yaml', import.meta.url), 'utf8');
    expect(() => parseScenarioRules(text, 'sim.hostile.yaml')).toThrow(ScenarioError);
  });

  it('reports broken YAML as a ScenarioError, not a stack trace', () => {
    expect(() => parseScenarioRules('logs: [', 'a/sim.yaml')).toThrow(/a\/sim\.yaml: not valid YAML/);
  });
});

describe('matchGlob', () => {
  it('matches whole strings with * as any run of characters', () => {
    expect(matchGlob('gadget/*', 'gadget/gadget-abc')).toBe(true);
    expect(matchGlob('*trace_dns*', 'gadget run trace_dns:v0.55.0')).toBe(true);
    expect(matchGlob('aks-*', 'akswin000003')).toBe(false);
    expect(matchGlob('a.b', 'axb')).toBe(false);
    expect(matchGlob('*', '')).toBe(true);
    expect(matchGlob('a*b*c', 'a-b-b-c')).toBe(true);
    expect(matchGlob('a*b', 'a-b-c')).toBe(false);
  });

  it('treats regex characters literally and stays fast on hostile patterns', () => {
    expect(matchGlob('C:\\k\\*.ps1 (x)', 'C:\\k\\collect.ps1 (x)')).toBe(true);
    expect(matchGlob('a(b|c)', 'ab')).toBe(false);
    expect(matchGlob(`${'*a'.repeat(40)}b`, 'a'.repeat(5000))).toBe(false);
  });
});

describe('findRule', () => {
  const rules = parseScenarioRules(sample).exec;
  const subject = {
    pod: 'gadget/gadget-x',
    container: 'gadget',
    image: 'ghcr.io/inspektor-gadget/inspektor-gadget:v0.55.0',
    command: ['ig', 'run', 'trace_dns'],
    node: 'aks-np1-31415926-vmss000001',
  };

  it('returns the first rule whose given fields all match', () => {
    expect(findRule(rules, subject)).toBe(rules[0]);
  });

  it('returns undefined when one given field does not match', () => {
    expect(findRule(rules, { ...subject, command: ['ls'] })).toBeUndefined();
  });

  it('never matches a node pattern when the node is unknown', () => {
    const run = parseScenarioRules(sample).run;
    expect(findRule(run, { ...subject, command: ['trace_dns'], node: undefined })).toBeUndefined();
  });
});

describe('shiftLogTimestamps', () => {
  it('moves leading timestamps by the offset and keeps the fraction width', () => {
    const text =
      '2025-03-04T08:12:30.118Z GET /checkout 502\nno stamp here\n2025-03-04T08:12:31.381220113Z done';
    const day = 24 * 3600 * 1000;
    expect(shiftLogTimestamps(text, day)).toBe(
      '2025-03-05T08:12:30.118Z GET /checkout 502\nno stamp here\n2025-03-05T08:12:31.381220113Z done',
    );
  });

  it('converts offsets to UTC and leaves stampless text alone', () => {
    expect(shiftLogTimestamps('2025-03-04T09:00:00+01:00 x', 1000)).toBe('2025-03-04T08:00:01Z x');
    expect(shiftLogTimestamps('plain', 5000)).toBe('plain');
  });

  it('reads the time of a stamped line', () => {
    expect(leadingTimestamp('2025-03-04T08:12:30.118Z GET')).toBe(Date.parse('2025-03-04T08:12:30.118Z'));
    expect(leadingTimestamp('GET 2025-03-04T08:12:30Z')).toBeUndefined();
  });
});
