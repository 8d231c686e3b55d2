import type { SlackApiServer, StoredMessage } from '@triage/chat/testing';
import { waitFor } from '@triage/dev-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from './support/pipeline.js';
import { slackPerson } from './support/slack-person.js';
import { type SlackPipeline, startSlackPipeline } from './support/slack-pipeline.js';

const OPS = { id: 'C0OPS', name: 'ops' };
const WINDOWS = { id: 'C0WINDOWS', name: 'windows-team' };
const ALICE = { id: 'U0ALICE', name: 'alice' };
const BOB = { id: 'U0BOB', name: 'bob' };

let slack: SlackApiServer;
let pipeline: Pipeline;
let fixture: SlackPipeline;

beforeAll(async () => {
  fixture = await startSlackPipeline('node-notready-memory');
  ({ slack, pipeline } = fixture);
}, 120_000);
afterAll(async () => {
  await fixture?.close();
});

const controlsIn = (channel: string, threadTs: string) =>
  slack.replies(channel, threadTs).filter((m) => JSON.stringify(m.blocks ?? []).includes('triage_rerun'));

describe('one investigation asked about from two Slack channels', () => {
  it('runs the second command in the first channel’s thread and tells the second channel where, with a link', async () => {
    const node = await pipeline.notReadyNode();
    expect((await slackPerson(pipeline.url, ALICE, OPS).command(`node ${node}`)).status).toBe(200);
    await waitFor(async () => slack.messages(OPS.id).some((m) => !m.threadTs), 60_000, 'thread in #ops');
    const thread = slack.messages(OPS.id).find((m) => !m.threadTs) as StoredMessage;
    await waitFor(async () => controlsIn(OPS.id, thread.ts).length === 1, 60_000, 'first run done');

    const ack = await slackPerson(pipeline.url, BOB, WINDOWS).command(`node ${node}`);
    expect(ack.body.text).toContain('Queued `node-health`');
    await waitFor(async () => controlsIn(OPS.id, thread.ts).length === 2, 60_000, 'second run in #ops');
    await waitFor(async () => slack.messages(WINDOWS.id).length === 1, 30_000, 'pointer in #windows-team');

    const [pointer] = slack.messages(WINDOWS.id) as [StoredMessage];
    const link = `https://triage-test.slack.com/archives/${OPS.id}/p${thread.ts.replace('.', '')}`;
    expect(pointer.threadTs).toBeUndefined();
    expect(pointer.text).toContain(`<@${BOB.id}>'s \`/triage node ${node}\``);
    expect(pointer.text).toContain(`investigation of \`node/${node}\``);
    expect(pointer.text).toContain(`<${link}|this thread> in <#${OPS.id}>`);
    expect(pointer.text).toContain('The findings of this run will appear there.');
    // One thread per investigation: nothing else was posted anywhere but #ops.
    expect(
      slack
        .messages()
        .filter((m) => !m.threadTs)
        .map((m) => m.channel),
    ).toEqual([OPS.id, WINDOWS.id]);
  }, 150_000);
});
