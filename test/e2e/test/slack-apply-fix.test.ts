import type { SlackApiServer, StoredMessage } from '@triage/chat/testing';
import { auditCommand, loadConfig } from '@triage/cli';
import { waitFor } from '@triage/dev-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, type Pipeline } from './support/pipeline.js';
import { slackPerson } from './support/slack-person.js';
import {
  fixButton,
  fixButtons,
  kubectlGet,
  threadText as repliesOf,
  type SlackPipeline,
  startSlackFixPipeline,
} from './support/slack-pipeline.js';

const OPS = { id: 'C0OPS', name: 'ops' };
const ALICE = { id: 'U0ALICE', name: 'alice' };
const MALLORY = { id: 'U0MALLORY', name: 'mallory' };
const NODE = 'aks-userpool-31415926-vmss000000';

let fixture: SlackPipeline;
let slack: SlackApiServer;
let pipeline: Pipeline;
let configFile: string;

beforeAll(async () => {
  fixture = await startSlackFixPipeline('pdb-drain-blocked', [ALICE.id]);
  ({ slack, pipeline, configFile } = fixture);
}, 120_000);
afterAll(async () => {
  await fixture?.close();
});

const nginxBudgetSpec = async () =>
  (await kubectlGet(pipeline, 'web', 'pdb', 'nginx-pdb')).spec as Record<string, unknown>;
const threadText = (message: StoredMessage) => repliesOf(slack, message);

describe('Apply fix from Slack (signed press → gateway → Redis → runner → simulator → thread)', () => {
  let controls: StoredMessage;

  it('offers each fix the dry-run accepted, with a dialog showing the exact patch', async () => {
    expect((await slackPerson(pipeline.url, ALICE, OPS).command(`pdb ${NODE}`)).status).toBe(200);
    await waitFor(
      async () => slack.messages(OPS.id).some((m) => fixButtons(m).length > 0),
      90_000,
      'controls with Apply fix buttons',
    );
    controls = slack.messages(OPS.id).find((m) => fixButtons(m).length > 0) as StoredMessage;
    expect(fixButtons(controls).map((b) => b.text.text)).toEqual([
      'Apply: Scale Deployment web/nginx from 1 to 2 replicas',
      'Apply: Relax PodDisruptionBudget web/nginx-pdb to maxUnavailable 1',
      'Apply: Lower minAvailable of PodDisruptionBudget web/nginx-pdb from 1 to 0',
    ]);
    expect(fixButton(controls, 'Relax').confirm?.text.text).toContain(
      `kubectl -n web patch poddisruptionbudgets nginx-pdb --type merge -p '{"spec":{"minAvailable":null,"maxUnavailable":1}}'`,
    );
  });

  it('refuses someone no rule allows, ephemerally naming the rule, and changes nothing', async () => {
    const before = await nginxBudgetSpec();
    const relax = fixButton(controls, 'Relax');
    expect(await slackPerson(pipeline.url, MALLORY, OPS).press(controls, relax.action_id)).toBe(200);
    await waitFor(
      async () => slack.ephemerals(OPS.id).some((m) => m.user === MALLORY.id && m.text.includes('apply-fix')),
      30_000,
      'denial for mallory',
    );
    const denial = slack.ephemerals(OPS.id).find((m) => m.user === MALLORY.id)?.text;
    expect(denial).toContain('Not allowed (rule `privileged`)');
    expect(denial).toContain('Rules that allow it: "fixers"');
    expect(await nginxBudgetSpec()).toEqual(before);
    expect(threadText(controls)).not.toContain('Applied by');
  });

  it('applies the confirmed fix for an allowed user: the budget really changes and the thread says so', async () => {
    expect(await nginxBudgetSpec()).toMatchObject({ minAvailable: 1 });
    const relax = fixButton(controls, 'Relax');
    expect(await slackPerson(pipeline.url, ALICE, OPS).press(controls, relax.action_id)).toBe(200);
    await waitFor(async () => threadText(controls).includes('Applied by'), 60_000, 'applied notice');
    expect(threadText(controls)).toContain(
      `:hammer_and_wrench: Applied by <@${ALICE.id}>: Relax PodDisruptionBudget web/nginx-pdb to maxUnavailable 1`,
    );
    const spec = await nginxBudgetSpec();
    expect(spec.maxUnavailable).toBe(1);
    expect(spec).not.toHaveProperty('minAvailable');
  });

  it('does not apply a fix whose fresh dry-run now fails, and says why in the thread', async () => {
    const before = await nginxBudgetSpec();
    // Once maxUnavailable is set, also setting minAvailable is invalid: the API refuses it (422).
    const lower = fixButton(controls, 'Lower minAvailable');
    expect(await slackPerson(pipeline.url, ALICE, OPS).press(controls, lower.action_id)).toBe(200);
    await waitFor(async () => threadText(controls).includes('Not applied'), 60_000, 'refusal notice');
    expect(threadText(controls)).toMatch(
      /Not applied \(asked by <@U0ALICE>\): Lower minAvailable.*refuses it in a dry-run \(422\): .*minAvailable and maxUnavailable cannot be both set.*Nothing was changed\./s,
    );
    expect(await nginxBudgetSpec()).toEqual(before);
  });

  it('audits every press and how each fix ended (triage audit)', async () => {
    const config = loadConfig({ file: configFile, env: { REDIS_URL: pipeline.redis.url } });
    const lines: string[] = [];
    await auditCommand(config, { count: 100, json: true }, (line) => lines.push(line));
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((e) => `${e.user} ${e.via} ${e.action} ${e.outcome}`)).toEqual([
      'U0ALICE command pdb queued',
      'U0MALLORY button apply-fix denied',
      'U0ALICE button apply-fix queued',
      'U0ALICE button apply-fix done',
      'U0ALICE button apply-fix queued',
      'U0ALICE button apply-fix failed',
    ]);
    expect(entries[3]).toMatchObject({
      cluster: CLUSTER,
      channel: OPS.id,
      detail: expect.stringMatching(/^applied \(200\)/),
    });
    expect(JSON.stringify(entries[3]?.params)).toContain(
      '"resource":"poddisruptionbudgets","name":"nginx-pdb"',
    );
    expect(entries[5]?.detail).toMatch(/^refused at the dry-run \(422\)/);
  });
});
