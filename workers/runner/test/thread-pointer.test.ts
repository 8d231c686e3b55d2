import { createSlackAdapter } from '@triage/chat';
import { createSlackApiServer, type SlackApiServer, type StoredMessage } from '@triage/chat/testing';
import { definePlaybook, INTAKE_JOB, INTAKE_QUEUE, type KubeReader, type Signal } from '@triage/core';
import { type RedisServer, startLocalRedis, waitFor } from '@triage/dev-services';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRunner, type Runner, runnerConfigSchema } from '../src/index.js';
import { renderThreadPointer } from '../src/thread-pointer.js';

const ALERTS = 'C0ALERTS';
const OPS = 'C0OPS';
/** A channel the bot was never invited to: Slack answers channel_not_found there. */
const PRIVATE = 'C0PRIVATE';

const kube: KubeReader = {
  // Every pod runs on node n4; every node is Ready.
  get: async (resource, name) =>
    resource === 'pods'
      ? { metadata: { name }, spec: { nodeName: 'n4' } }
      : { metadata: { name }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
  list: async () => [],
};
const nodeCheck = definePlaybook({
  name: 'node-check',
  summary: 'test double of node-health',
  params: z.object({ node: z.string() }),
  triggers: [{ names: ['KubeNodeNotReady'], params: (signal) => ({ node: signal.labels.node ?? '' }) }],
  run: async (_ctx, { node }) => [
    {
      severity: 'warning',
      title: `${node} checked`,
      detail: 'seen by the test',
      subject: `node/${node}`,
      evidence: [],
    },
  ],
});

let redisServer: RedisServer;
let redis: Redis;
let slack: SlackApiServer;
let runner: Runner;
let intake: Queue;
let seq = 0;

const alert = (node: string): Signal => ({
  source: 'alertmanager',
  key: `am-${++seq}`,
  status: 'firing',
  name: 'KubeNodeNotReady',
  cluster: 'prod',
  labels: { node },
  annotations: {},
  startsAt: new Date().toISOString(),
});
/** `/triage node <node>` typed in `channel`, as the gateway enqueues it. */
const command = (node: string, channel: string): Signal => ({
  source: 'slack',
  key: `slack:trigger-${++seq}`,
  status: 'firing',
  name: 'triage node',
  cluster: 'prod',
  labels: { node },
  annotations: { command: `/triage node ${node}` },
  startsAt: new Date().toISOString(),
  playbook: 'node-check',
  params: { node },
  channel,
  requestedBy: 'U0BOB',
});
const send = (signal: Signal) =>
  intake.add(INTAKE_JOB, { signals: [signal], receivedAt: new Date().toISOString() });
const headlines = (channel: string) => slack.messages(channel).filter((m) => !m.threadTs);
const checkedIn = (root: StoredMessage) =>
  slack.replies(root.channel, root.ts).filter((m) => m.text.includes('checked')).length;

beforeAll(async () => {
  redisServer = await startLocalRedis();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  redis.disconnect();
  await redisServer.stop();
});
beforeEach(async () => {
  slack = await createSlackApiServer({ channels: [ALERTS, OPS] });
  const prefix = `ptr${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
  intake = new Queue(INTAKE_QUEUE, { connection: redis, prefix });
  runner = createRunner({
    config: runnerConfigSchema.parse({ cluster: 'prod', channel: ALERTS, lockDurationMs: 5_000 }),
    redis,
    chat: createSlackAdapter({ token: 'xoxb-test-token', apiUrl: slack.url, minIntervalMs: 0 }),
    kube,
    playbooks: [nodeCheck, podCheck],
    isRetryable: () => false,
    log: pino({ level: 'silent' }),
    prefix,
  });
  await runner.ready();
});
afterEach(async () => {
  await runner.close();
  await intake.close();
  await slack.close();
});

const podCheck = definePlaybook({
  name: 'pod-check',
  summary: 'test double of a pod playbook',
  params: z.object({ pod: z.string() }),
  triggers: [],
  run: async (_ctx, { pod }) => [
    {
      severity: 'info',
      title: `${pod} checked`,
      detail: 'seen by the test',
      subject: `pod/${pod}`,
      evidence: [],
    },
  ],
});

describe('a command about a pod on a node under investigation', () => {
  it('runs its playbook in the node thread instead of joining silently as a symptom', async () => {
    await send(alert('n4'));
    await waitFor(async () => headlines(ALERTS).length === 1, 20_000, 'node thread');
    const [thread] = headlines(ALERTS) as [StoredMessage];
    await send({
      ...command('n4', ALERTS),
      name: 'triage dns',
      labels: { namespace: 'shop', pod: 'web-1' },
      playbook: 'pod-check',
      params: { pod: 'shop/web-1' },
    });
    // Info findings go out as a compact list: the title is in the blocks, not the fallback text.
    await waitFor(
      async () =>
        slack.replies(ALERTS, thread.ts).some((m) => JSON.stringify(m).includes('shop/web-1 checked')),
      20_000,
      'the pod run in the node thread',
    );
    expect(headlines(ALERTS)).toHaveLength(1);
  }, 60_000);
});

describe('a command that joins an investigation threaded in another channel', () => {
  it('runs in the one thread and tells the requesting channel where it is, with a link to that thread', async () => {
    await send(alert('n1'));
    await waitFor(async () => headlines(ALERTS).length === 1, 20_000, 'alert thread');
    const [thread] = headlines(ALERTS) as [StoredMessage];
    await waitFor(async () => checkedIn(thread) === 1, 20_000, 'alert findings');

    await send(command('n1', OPS));
    await waitFor(async () => checkedIn(thread) === 2, 20_000, 'command findings in the alert thread');
    await waitFor(async () => slack.messages(OPS).length === 1, 20_000, 'pointer in #ops');

    const [pointer] = slack.messages(OPS) as [StoredMessage];
    const link = `https://triage-test.slack.com/archives/${ALERTS}/p${thread.ts.replace('.', '')}`;
    expect(pointer.threadTs).toBeUndefined();
    expect(pointer.text).toBe(
      `:link: <@U0BOB>'s \`/triage node n1\` joined the open investigation of \`node/n1\` on \`prod\`, ` +
        `which lives in <${link}|this thread> in <#${ALERTS}>. The findings of this run will appear there.`,
    );
    expect(headlines(ALERTS)).toHaveLength(1);
  }, 60_000);

  it('adds no pointer when the command is typed in the thread’s own channel', async () => {
    await send(alert('n2'));
    await waitFor(async () => headlines(ALERTS).length === 1, 20_000, 'alert thread');
    const [thread] = headlines(ALERTS) as [StoredMessage];
    await send(command('n2', ALERTS));
    await waitFor(async () => checkedIn(thread) === 2, 20_000, 'both runs in the thread');
    expect(slack.messages(ALERTS).filter((m) => !m.threadTs)).toHaveLength(1);
    expect(slack.calls.filter((c) => c.method === 'chat.getPermalink')).toHaveLength(0);
  }, 60_000);

  it('still runs in the thread when Slack refuses the pointer for good (bot not in that channel)', async () => {
    await send(alert('n3'));
    await waitFor(async () => headlines(ALERTS).length === 1, 20_000, 'alert thread');
    const [thread] = headlines(ALERTS) as [StoredMessage];
    await send(command('n3', PRIVATE));
    await waitFor(async () => checkedIn(thread) === 2, 20_000, 'command findings in the alert thread');
    const refused = slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.params.channel === PRIVATE,
    );
    expect(refused.map((c) => c.error)).toEqual(['channel_not_found']);
  }, 60_000);
});

describe('renderThreadPointer', () => {
  const investigation = {
    id: 'i1',
    cluster: 'prod',
    subject: 'node/<n1>',
    title: 'KubeNodeNotReady',
    channel: '#alerts',
    state: 'investigating' as const,
    createdAt: '',
    updatedAt: '',
    signals: 1,
  };

  it('names the channel without a link where chat has none, and promises no findings when no run was added', () => {
    const signal = { ...command('n1', OPS), annotations: { command: '/triage pod `x` <!channel>' } };
    expect(renderThreadPointer(investigation, signal, { channel: '#alerts' }, false).text).toBe(
      ":link: <@U0BOB>'s `/triage pod 'x' &lt;!channel&gt;` joined the open investigation of " +
        '`node/&lt;n1&gt;` on `prod`, which lives in its thread in #alerts.',
    );
  });
});
