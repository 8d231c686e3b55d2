import { createSlackApiServer, type SlackApiServer } from '@triage/chat/testing';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/create-gateway.js';
import type { GatewayConfigInput } from '../../src/gateway-config.js';
import { createGroupMembersLookup, createSlackNotifier } from '../../src/slack/slack-notifier.js';
import { FakeIntake } from '../support/fake-intake.js';
import { fixtureText } from '../support/fixtures.js';
import { MemoryAudit } from './support/memory-audit.js';
import {
  blockActions,
  interactionBody,
  postSlack,
  SIGNING_SECRET,
  SLACK_PATH,
  slackHeaders,
  slashCommandBody,
} from './support/slack-requests.js';

const NOW_SEC = 1_700_000_000;
const NODE = 'aks-np1-31415926-vmss000002';
let slack: SlackApiServer;

beforeAll(async () => {
  slack = await createSlackApiServer({ userGroups: { S0SRE: ['U0BOB'] } });
});
afterAll(async () => {
  await slack.close();
});

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
});

function gateway(
  slackConfig: Partial<NonNullable<GatewayConfigInput['slack']>> = {},
  openInvestigations?: () => Promise<never[]>,
) {
  const intake = new FakeIntake();
  const audit = new MemoryAudit();
  const registry = new Registry();
  const api = { token: 'xoxb-test-token', apiUrl: slack.url };
  const app = createGateway({
    config: {
      defaultCluster: 'default',
      slack: { signingSecret: SIGNING_SECRET, clusters: ['prod-eu'], ...slackConfig },
    },
    intake,
    metrics: registry,
    clock: () => new Date(NOW_SEC * 1000),
    slack: {
      audit,
      notifier: createSlackNotifier(api),
      groupMembers: createGroupMembersLookup(api),
      playbooks: [{ name: 'node-health', summary: 'Node conditions, pressure and pods' }],
      ...(openInvestigations ? { openInvestigations } : {}),
    },
  });
  close = () => app.close();
  return { app, intake, audit, registry };
}

const command = (app: ReturnType<typeof gateway>['app'], text: string, over: Record<string, string> = {}) =>
  postSlack(app, slashCommandBody(text, over), NOW_SEC);

describe('POST /slack/events: slash commands', () => {
  it('acks a signed /triage node within the request with an ephemeral note and queues a slack signal for the runner', async () => {
    const { app, intake, audit } = gateway();
    const response = await command(app, `node ${NODE}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Queued `node-health`'),
    });
    expect(intake.signals).toEqual([
      {
        source: 'slack',
        key: 'slack:13345224609.738474920.8088930838d88f008e0',
        status: 'firing',
        name: 'triage node',
        cluster: 'default',
        labels: { node: NODE },
        annotations: { command: `/triage node ${NODE}` },
        startsAt: new Date(NOW_SEC * 1000).toISOString(),
        playbook: 'node-health',
        params: { node: NODE },
        channel: 'C2147483705',
        requestedBy: 'U2147483697',
      },
    ]);
    expect(audit.entries).toEqual([
      expect.objectContaining({
        user: 'U2147483697',
        channel: 'C2147483705',
        via: 'command',
        action: 'node',
        params: { node: NODE },
        cluster: 'default',
        outcome: 'queued',
        rule: 'open-to-all',
      }),
    ]);
  });

  it('routes --cluster to a configured cluster and refuses an unknown one', async () => {
    const { app, intake } = gateway();
    await command(app, `dns shop/web-1 --for 30s --cluster prod-eu`, { trigger_id: 't-1' });
    expect(intake.signals[0]).toMatchObject({
      cluster: 'prod-eu',
      playbook: 'network-trace',
      params: { pod: 'shop/web-1', mode: 'dns', durationSeconds: 30 },
    });
    const unknown = await command(app, 'node n1 --cluster mars', { trigger_id: 't-2' });
    expect(unknown.json().text).toContain('unknown cluster `mars`');
    expect(intake.signals).toHaveLength(1);
  });

  it('answers a mistake with an ephemeral usage message and queues nothing', async () => {
    const { app, intake, audit } = gateway();
    const response = await command(app, 'dns shop/web-1 --for 10m');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      response_type: 'ephemeral',
      text: expect.stringMatching(/--for must be .* at most 120s\nUsage: `\/triage dns/),
    });
    expect(intake.signals).toEqual([]);
    expect(audit.entries[0]).toMatchObject({ outcome: 'invalid' });
  });

  it('refuses a privileged command to someone no rule allows, ephemerally and naming the rule, and allows a group member', async () => {
    const { app, intake, audit } = gateway({
      rules: [{ name: 'sre', groups: ['S0SRE'], allow: ['winlogs', 'kql'] }],
    });
    const denied = await command(app, 'winlogs akswin000001');
    expect(denied.json()).toEqual({
      response_type: 'ephemeral',
      text: expect.stringContaining('Not allowed (rule `privileged`)'),
    });
    expect(denied.json().text).toContain('"sre"');
    expect(audit.entries[0]).toMatchObject({ action: 'winlogs', outcome: 'denied', rule: 'privileged' });
    const allowed = await command(app, 'winlogs akswin000001', { user_id: 'U0BOB', trigger_id: 't-3' });
    expect(allowed.json().text).toContain('Queued `windows-logs`');
    expect(intake.signals.map((s) => s.requestedBy)).toEqual(['U0BOB']);
    expect(audit.entries[1]).toMatchObject({ outcome: 'queued', rule: 'sre' });
  });

  it('answers help, playbooks and status itself', async () => {
    const { app, intake } = gateway({}, async () => []);
    expect((await command(app, 'help')).json().text).toContain('/triage dns <namespace>/<pod>');
    expect((await command(app, 'playbooks', { trigger_id: 'p' })).json().text).toContain(
      '`node-health` — Node conditions',
    );
    expect((await command(app, 'status', { trigger_id: 's' })).json().text).toBe(
      'No open investigations on cluster `default`.',
    );
    expect(intake.signals).toEqual([]);
  });

  it('tells the person when the queue is down instead of pretending', async () => {
    const { app, intake, audit } = gateway();
    intake.failWith = new Error('redis down');
    const response = await command(app, `node ${NODE}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().text).toContain('queue is unavailable');
    expect(audit.entries[0]).toMatchObject({ outcome: 'failed' });
  });
});

describe('POST /slack/events: signatures', () => {
  const rejected = async (registry: Registry, reason: string) => {
    const metric = await registry.getSingleMetric('triage_slack_rejected_requests_total')?.get();
    return metric?.values.find((v) => v.labels.reason === reason)?.value;
  };

  it('answers 401 to forged, stale, replayed and unsigned requests, counts each, and queues nothing', async () => {
    const { app, intake, registry } = gateway();
    const body = slashCommandBody(`node ${NODE}`);
    const forged = await postSlack(app, body, NOW_SEC, slackHeaders(body, NOW_SEC, 'guessed-secret'));
    const stale = await postSlack(app, body, NOW_SEC, slackHeaders(body, NOW_SEC - 6 * 60));
    const unsigned = await postSlack(app, body, NOW_SEC, {});
    const tampered = await postSlack(
      app,
      body.replace('alice', 'mallory'),
      NOW_SEC,
      slackHeaders(body, NOW_SEC),
    );
    const first = await postSlack(app, body, NOW_SEC);
    const replay = await postSlack(app, body, NOW_SEC);
    expect([forged, stale, unsigned, tampered, first, replay].map((r) => r.statusCode)).toEqual([
      401, 401, 401, 401, 200, 401,
    ]);
    expect(forged.json()).toMatchObject({
      code: 'TRIAGE_ERR_GATEWAY_UNAUTHORIZED',
      message: expect.stringContaining('forged'),
    });
    expect(await rejected(registry, 'forged')).toBe(2);
    expect(await rejected(registry, 'stale')).toBe(1);
    expect(await rejected(registry, 'unsigned')).toBe(1);
    expect(await rejected(registry, 'replayed')).toBe(1);
    expect(intake.signals).toHaveLength(1);
  });

  it('reads a form body with a charset parameter and refuses other media types with 415', async () => {
    const { app, intake } = gateway();
    const body = slashCommandBody('node n1');
    const withCharset = await postSlack(app, body, NOW_SEC, {
      ...slackHeaders(body, NOW_SEC),
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    });
    expect(withCharset.statusCode).toBe(200);
    const text = await app.inject({
      method: 'POST',
      url: SLACK_PATH,
      headers: { 'content-type': 'text/plain', ...slackHeaders(body, NOW_SEC + 1) },
      payload: body,
    });
    expect(text.statusCode).toBe(415);
    expect(intake.signals).toHaveLength(1);
  });

  it('answers Slack’s URL check with the challenge, signed like everything else', async () => {
    const { app } = gateway();
    const body = JSON.stringify({
      token: 'x',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });
    const response = await app.inject({
      method: 'POST',
      url: SLACK_PATH,
      headers: { 'content-type': 'application/json', ...slackHeaders(body, NOW_SEC) },
      payload: body,
    });
    expect(response.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('answers 400 naming the problem to a signed but malformed or hostile interaction', async () => {
    const { app, intake } = gateway();
    for (const name of ['block-actions-malformed', 'block-actions-hostile']) {
      const body = interactionBody(fixtureText('slack', name));
      const response = await postSlack(app, body, NOW_SEC);
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('TRIAGE_ERR_GATEWAY_INVALID_PAYLOAD');
    }
    expect(intake.signals).toEqual([]);
  });
});

/** A headline and a controls reply in the fake workspace; a press payload points at them as Slack's would. */
async function thread(): Promise<Record<string, unknown>> {
  const post = async (params: Record<string, string>) => {
    const response = await fetch(`${slack.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test-token', 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C2147483705', ...params }),
    });
    return ((await response.json()) as { ts: string }).ts;
  };
  const threadTs = await post({ text: 'headline' });
  const messageTs = await post({ text: 'Actions', thread_ts: threadTs });
  return {
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: 'C2147483705',
      is_ephemeral: false,
      thread_ts: threadTs,
    },
    message: { type: 'message', text: 'Actions', ts: messageTs, thread_ts: threadTs },
  };
}

describe('POST /slack/events: buttons', () => {
  it('queues a Rerun press into the same subject for the runner and tells the presser in the thread', async () => {
    const { app, intake, audit } = gateway();
    const where = await thread();
    const response = await postSlack(app, interactionBody(blockActions({}, where)), NOW_SEC);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(intake.signals).toEqual([
      expect.objectContaining({
        source: 'slack',
        status: 'firing',
        name: 'triage rerun',
        labels: { node: NODE },
        playbook: 'node-health',
        params: { node: NODE },
        channel: 'C2147483705',
        requestedBy: 'U2147483697',
      }),
    ]);
    expect(audit.entries[0]).toMatchObject({ via: 'button', action: 'rerun', outcome: 'queued' });
    await slack.waitFor(() =>
      slack.ephemerals('C2147483705').some((m) => m.text.includes('Queued `node-health`')),
    );
    expect(slack.ephemerals('C2147483705').at(-1)).toMatchObject({
      user: 'U2147483697',
      threadTs: (where.container as { thread_ts: string }).thread_ts,
    });
  });

  it('refuses a Collect Windows logs press to someone no rule allows, ephemerally, naming the rule', async () => {
    const { app, intake, audit } = gateway();
    const value = JSON.stringify({ i: 'inv-1', c: 'default', s: `node/${NODE}` });
    const before = slack.ephemerals().length;
    const where = await thread();
    await postSlack(
      app,
      interactionBody(blockActions({ action_id: 'triage_winlogs', value }, { ...where, trigger_id: 'w-1' })),
      NOW_SEC,
    );
    await slack.waitFor(() => slack.ephemerals().length > before);
    expect(slack.ephemerals().at(-1)?.text).toContain('Not allowed (rule `privileged`)');
    expect(intake.signals).toEqual([]);
    expect(audit.entries[0]).toMatchObject({ action: 'winlogs', outcome: 'denied', rule: 'privileged' });
  });

  it('authorizes a Rerun of a privileged run as that privilege, so the button is no way around a rule', async () => {
    const { app, intake, audit } = gateway();
    const where = await thread();
    const kql = JSON.stringify({
      i: 'inv-1',
      c: 'default',
      s: 'cluster',
      p: 'container-logs',
      a: { kql: 'T | take 1' },
    });
    const winlogs = JSON.stringify({
      i: 'inv-1',
      c: 'default',
      s: `node/${NODE}`,
      p: 'windows-logs',
      a: { node: NODE },
    });
    await postSlack(
      app,
      interactionBody(blockActions({ value: kql }, { ...where, trigger_id: 'r-1' })),
      NOW_SEC,
    );
    await postSlack(
      app,
      interactionBody(blockActions({ value: winlogs }, { ...where, trigger_id: 'r-2' })),
      NOW_SEC,
    );
    expect(intake.signals).toEqual([]);
    expect(audit.entries.map((e) => [e.action, e.outcome, e.rule])).toEqual([
      ['kql', 'denied', 'privileged'],
      ['winlogs', 'denied', 'privileged'],
    ]);
  });

  it('queues Trace DNS 30 s for a pod subject and a close signal for Close investigation', async () => {
    const { app, intake } = gateway();
    const value = JSON.stringify({ i: 'inv-7', c: 'prod-eu', s: 'pod/shop/web-1' });
    await postSlack(
      app,
      interactionBody(blockActions({ action_id: 'triage_trace_dns', value }, { trigger_id: 'd-1' })),
      NOW_SEC,
    );
    await postSlack(
      app,
      interactionBody(blockActions({ action_id: 'triage_close', value }, { trigger_id: 'c-1' })),
      NOW_SEC,
    );
    expect(intake.signals).toEqual([
      expect.objectContaining({
        cluster: 'prod-eu',
        playbook: 'network-trace',
        params: { pod: 'shop/web-1', mode: 'dns', durationSeconds: 30 },
        labels: { namespace: 'shop', pod: 'web-1' },
      }),
      expect.objectContaining({
        cluster: 'prod-eu',
        status: 'resolved',
        name: 'triage close',
        params: { investigation: 'inv-7' },
      }),
    ]);
  });

  it('queues a confirmed Apply fix only for someone a rule allows apply-fix, carrying the fix reference, and audits both', async () => {
    const { app, intake, audit } = gateway({
      rules: [{ name: 'fixers', users: ['U0BOB'], allow: ['apply-fix'] }],
    });
    const where = await thread();
    const value = JSON.stringify({ i: 'inv-9', c: 'prod-eu', s: `node/${NODE}`, x: '0a1b2c3d4e5f.1' });
    const pressBy = (user: string, trigger: string) =>
      postSlack(
        app,
        interactionBody(
          blockActions(
            { action_id: 'triage_apply_fix_1', value },
            { ...where, trigger_id: trigger, user: { id: user, username: user.toLowerCase() } },
          ),
        ),
        NOW_SEC,
      );
    const before = slack.ephemerals().length;
    expect((await pressBy('U2147483697', 'a-1')).statusCode).toBe(200);
    await slack.waitFor(() => slack.ephemerals().length > before);
    expect(slack.ephemerals().at(-1)?.text).toContain('Not allowed (rule `privileged`)');
    expect(slack.ephemerals().at(-1)?.text).toContain('Rules that allow it: "fixers"');
    expect(intake.signals).toEqual([]);

    expect((await pressBy('U0BOB', 'a-2')).statusCode).toBe(200);
    expect(intake.signals).toEqual([
      expect.objectContaining({
        source: 'slack',
        status: 'firing',
        name: 'triage apply-fix',
        cluster: 'prod-eu',
        labels: { node: NODE },
        params: { investigation: 'inv-9', fix: '0a1b2c3d4e5f.1' },
        requestedBy: 'U0BOB',
      }),
    ]);
    expect(audit.entries.map((e) => [e.user, e.action, e.outcome, e.rule])).toEqual([
      ['U2147483697', 'apply-fix', 'denied', 'privileged'],
      ['U0BOB', 'apply-fix', 'queued', 'fixers'],
    ]);
    expect(audit.entries[1]?.params).toEqual({ investigation: 'inv-9', fix: '0a1b2c3d4e5f.1' });
  });

  it('refuses an Apply fix press whose reference is malformed, queueing nothing', async () => {
    const { app, intake, audit } = gateway({ rules: [{ name: 'all', allow: ['apply-fix'] }] });
    const value = JSON.stringify({ i: 'inv-9', c: 'prod-eu', s: 'cluster', x: '../../etc' });
    await postSlack(
      app,
      interactionBody(blockActions({ action_id: 'triage_apply_fix_0', value }, { trigger_id: 'a-3' })),
      NOW_SEC,
    );
    expect(intake.signals).toEqual([]);
    expect(audit.entries[0]).toMatchObject({ outcome: 'invalid', detail: 'the fix reference is malformed' });
  });
});
