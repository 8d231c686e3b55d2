import type { SlackApiServer, StoredMessage } from '@triage/chat/testing';
import { auditCommand, loadConfig } from '@triage/cli';
import { type AlertmanagerServer, freePort, startAlertmanager, waitFor } from '@triage/dev-services';
import { createKubeReader, loadKubeConfig } from '@triage/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, type Pipeline, TOKEN } from './support/pipeline.js';
import { postToSlackEndpoint, SIGNING_SECRET, slackPerson } from './support/slack-person.js';
import { type SlackPipeline, startSlackPipeline } from './support/slack-pipeline.js';

const OPS = { id: 'C0OPS', name: 'ops' };
const ALICE = { id: 'U0ALICE', name: 'alice' };
const MALLORY = { id: 'U0MALLORY', name: 'mallory' };

let slack: SlackApiServer;
let am: AlertmanagerServer;
let pipeline: Pipeline;
let configFile: string;
let fixture: SlackPipeline;

beforeAll(async () => {
  const port = await freePort();
  am = await startAlertmanager({
    webhookUrl: `http://127.0.0.1:${port}/v1/alerts/alertmanager`,
    bearerToken: TOKEN,
  });
  fixture = await startSlackPipeline('node-notready-memory', {
    port,
    userGroups: { S0ONCALL: [ALICE.id] },
    slackConfig: `    alertmanagerUrl: ${am.url}\n    rules:\n      - name: oncall\n        groups: [S0ONCALL]\n        allow: [silence, winlogs]\n`,
  });
  ({ slack, pipeline, configFile } = fixture);
}, 120_000);
afterAll(async () => {
  await fixture?.close();
  await am?.stop();
});

const controlsIn = (channel: string) =>
  slack.messages(channel).filter((m) => JSON.stringify(m.blocks ?? []).includes('triage_rerun'));
const findingReplies = (channel: string, threadTs: string) =>
  slack.replies(channel, threadTs).filter((m) => !JSON.stringify(m.blocks ?? []).includes('triage_rerun'));
const headlineOf = (message: StoredMessage) =>
  slack.messages(message.channel).find((m) => m.ts === message.threadTs) as StoredMessage;

describe('the Slack app end to end (signed requests → gateway → Redis → runner → Slack Web API)', () => {
  it('runs /triage node in a thread of the channel it was typed in, with the findings and the controls under them', async () => {
    const node = await pipeline.notReadyNode();
    const alice = slackPerson(pipeline.url, ALICE, OPS);
    const ack = await alice.command(`node ${node}`);
    expect(ack.status).toBe(200);
    expect(ack.body).toEqual({
      response_type: 'ephemeral',
      text: expect.stringContaining('Queued `node-health`'),
    });

    await waitFor(async () => controlsIn(OPS.id).length === 1, 60_000, 'controls in the thread');
    const [controls] = controlsIn(OPS.id) as [StoredMessage];
    const headline = headlineOf(controls);
    expect(headline.text).toContain(node);
    const findings = findingReplies(OPS.id, headline.ts);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]?.text).toMatch(new RegExp(`Node ${node} is NotReady`));
    await waitFor(async () => headlineOf(controls).text.includes('Findings'), 30_000, 'headline updated');
    const ids = JSON.stringify(controls.blocks);
    for (const id of ['triage_rerun', 'triage_winlogs', 'triage_close']) expect(ids).toContain(id);
    // The full text of what the replies had to cut is a file in the same thread.
    const files = slack.files().filter((f) => f.channel === OPS.id && f.threadTs === headline.ts);
    expect(files.map((f) => [f.filename, f.completed])).toEqual([['findings.txt', true]]);
    expect(files[0]?.bytes?.toString('utf8')).toContain(node);

    // status reads the open investigations from Redis; playbooks, the registry.
    const status = await alice.command('status');
    expect(status.body.text).toContain(`\`node/${node}\` — triage node (findings) in <#${OPS.id}>`);
    expect((await alice.command('playbooks')).body.text).toContain('`node-health`');
  }, 90_000);

  it('answers mistakes and unauthorised commands ephemerally and posts nothing', async () => {
    const before = slack.messages().length;
    const mallory = slackPerson(pipeline.url, MALLORY, OPS);
    const usage = await mallory.command('dns web-1 --for 10m');
    expect(usage.body.text).toMatch(/is not <namespace>\/<name>\nUsage: `\/triage dns/);
    const denied = await mallory.command('kql ContainerLogV2 | take 10');
    expect(denied.body).toEqual({
      response_type: 'ephemeral',
      text: expect.stringContaining('Not allowed (rule `privileged`)'),
    });
    const winlogs = await mallory.command(`winlogs ${await pipeline.notReadyNode()}`);
    expect(winlogs.body.text).toContain('Rules that allow it: "oncall"');
    expect(slack.messages().length).toBe(before);
  });

  it('rejects forged and stale signatures over HTTP with 401 and counts them', async () => {
    const body = slackPerson(pipeline.url, ALICE, OPS).commandBody('report');
    const now = Math.floor(Date.now() / 1000);
    const { slackSignatureHeaders } = await import('@triage/chat/testing');
    const forged = await postToSlackEndpoint(
      pipeline.url,
      body,
      slackSignatureHeaders(body, 'not-the-secret', now),
    );
    const stale = await postToSlackEndpoint(
      pipeline.url,
      body,
      slackSignatureHeaders(body, SIGNING_SECRET, now - 600),
    );
    expect([forged.status, stale.status]).toEqual([401, 401]);
    const metrics = await (await fetch(`${pipeline.url}/metrics`)).text();
    expect(metrics).toContain('triage_slack_rejected_requests_total{reason="forged"} 1');
    expect(metrics).toContain('triage_slack_rejected_requests_total{reason="stale"} 1');
  });

  it('reruns from the Rerun button into the same thread through a 429 storm, delayed but with no message lost', async () => {
    const [controls] = controlsIn(OPS.id) as [StoredMessage];
    const headline = headlineOf(controls);
    const repliesBefore = slack.replies(OPS.id, headline.ts).length;
    const findingsBefore = findingReplies(OPS.id, headline.ts).length;
    slack.rateLimitNext(6, 1);
    expect(await slackPerson(pipeline.url, ALICE, OPS).press(controls, 'triage_rerun')).toBe(200);
    await waitFor(async () => controlsIn(OPS.id).length === 2, 90_000, 'second run posted');
    // Same findings again, then the controls: every reply of the first run, once more, in the same thread.
    expect(findingReplies(OPS.id, headline.ts).length).toBe(2 * findingsBefore);
    expect(slack.replies(OPS.id, headline.ts).length).toBe(2 * repliesBefore);
    expect(slack.files().filter((f) => f.threadTs === headline.ts && f.completed)).toHaveLength(2);
    expect(slack.calls.filter((c) => c.status === 429).length).toBe(6);
    await waitFor(
      async () =>
        slack.ephemerals(OPS.id).some((m) => m.user === ALICE.id && m.text.includes('Queued `node-health`')),
      30_000,
      'the presser told',
    );
  }, 120_000);

  it('silences the alert in the real Alertmanager from the Silence control, as the pressing user with a link to the thread', async () => {
    // A node other than the one under investigation, so the alert opens its own thread with its own controls.
    const notReady = await pipeline.notReadyNode();
    const nodes = await createKubeReader(loadKubeConfig({ kubeconfig: pipeline.sim.kubeconfigPath })).list(
      'nodes',
    );
    const node = nodes.map((n) => n.metadata.name).find((name) => name !== notReady) as string;
    const labels = {
      alertname: 'KubeNodeNotReady',
      severity: 'warning',
      cluster: CLUSTER,
      node,
      namespace: 'monitoring',
    };
    await am.postAlerts([{ labels, annotations: { summary: `${node} is unready` } }]);
    const withSilence = () =>
      slack.messages().filter((m) => JSON.stringify(m.blocks ?? []).includes('triage_silence'));
    await waitFor(async () => withSilence().length === 1, 90_000, 'controls with Silence');
    const [controls] = withSilence() as [StoredMessage];
    const channel = { id: controls.channel, name: 'ops' };

    expect(
      await slackPerson(pipeline.url, MALLORY, channel).press(controls, 'triage_silence', 'Silence 4h'),
    ).toBe(200);
    await waitFor(
      async () =>
        slack.ephemerals().some((m) => m.user === MALLORY.id && m.text.includes('`silence` is privileged')),
      10_000,
      'denial',
    );

    expect(
      await slackPerson(pipeline.url, ALICE, channel).press(controls, 'triage_silence', 'Silence 4h'),
    ).toBe(200);
    const silences = (await (await fetch(`${am.url}/api/v2/silences`)).json()) as {
      id: string;
      createdBy: string;
      comment: string;
      matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[];
      startsAt: string;
      endsAt: string;
      status: { state: string };
    }[];
    expect(silences).toHaveLength(1);
    const [silence] = silences;
    expect(silence).toMatchObject({ createdBy: 'alice', status: { state: 'active' } });
    expect(silence?.comment).toContain(
      `https://triage-e2e.slack.com/archives/${controls.channel}/p${controls.ts.replace('.', '')}?thread_ts=${controls.threadTs}`,
    );
    expect(silence?.matchers).toEqual(
      expect.arrayContaining([
        { name: 'alertname', value: 'KubeNodeNotReady', isRegex: false, isEqual: true },
        { name: 'node', value: node, isRegex: false, isEqual: true },
      ]),
    );
    const hours = (Date.parse(silence?.endsAt ?? '') - Date.parse(silence?.startsAt ?? '')) / 3_600_000;
    expect(Math.round(hours)).toBe(4);
    await waitFor(
      async () =>
        slack
          .replies(controls.channel, controls.threadTs ?? '')
          .some((m) => m.text.includes(silence?.id ?? '-')),
      10_000,
      'silence noted in the thread',
    );
  }, 120_000);

  it('closes the investigation from the Close button and records every command and press in the audit trail', async () => {
    const [controls] = controlsIn(OPS.id) as [StoredMessage];
    expect(await slackPerson(pipeline.url, ALICE, OPS).press(controls, 'triage_close')).toBe(200);
    const subject = `node/${await pipeline.notReadyNode()}`;
    await waitFor(
      async () => !(await pipeline.openInvestigations()).some((i) => i.subject === subject),
      30_000,
      'closed',
    );
    await waitFor(async () => headlineOf(controls).text.includes('Resolved'), 30_000, 'headline resolved');

    const config = loadConfig({ file: configFile, env: { REDIS_URL: pipeline.redis.url } });
    const json: string[] = [];
    await auditCommand(config, { count: 100, json: true }, (line) => json.push(line));
    const entries = json.map((line) => JSON.parse(line) as Record<string, unknown>);
    const summary = entries.map((e) => `${e.user} ${e.via} ${e.action} ${e.outcome}`);
    expect(summary).toEqual([
      'U0ALICE command node queued',
      'U0ALICE command status answered',
      'U0ALICE command playbooks answered',
      'U0MALLORY command invalid invalid',
      'U0MALLORY command kql denied',
      'U0MALLORY command winlogs denied',
      'U0ALICE button rerun queued',
      'U0MALLORY button silence denied',
      'U0ALICE button silence done',
      'U0ALICE button close queued',
    ]);
    expect(entries[0]).toMatchObject({ channel: OPS.id, cluster: CLUSTER, rule: 'open-to-all' });
    const lines: string[] = [];
    await auditCommand(config, { count: 3, json: false }, (line) => lines.push(line));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/ queued {3}U0ALICE in C0OPS button close .*cluster=aks-e2e rule=open-to-all$/);
  }, 60_000);
});
