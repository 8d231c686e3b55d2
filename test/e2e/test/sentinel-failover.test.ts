import type { Investigation } from '@triage/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, type Pipeline, startPipeline, TOKEN } from './support/pipeline.js';
import { sentinelRedis } from './support/redis-setups.js';

// A stream of distinct alerts, one request each, from LANES senders pausing PACE_MS between requests
// (so several requests are in flight when the primary dies, just before alert KILL_AT is sent).
const ALERTS = 90;
const LANES = 3;
const KILL_AT = 15;
const PACE_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const subjectOf = (i: number) => `pod/shop/probe-${i}`;

/** An Alertmanager webhook (v4) carrying alert number `i`, alone in its group. */
function webhook(i: number) {
  const labels = { alertname: 'FailoverProbe', cluster: CLUSTER, namespace: 'shop', pod: `probe-${i}` };
  return {
    version: '4',
    groupKey: `{}:{pod="probe-${i}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'triage',
    groupLabels: { pod: labels.pod },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.monitoring:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: `probe ${i}` },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: '',
        fingerprint: (0xf00d0000 + i).toString(16).padStart(16, '0'),
      },
    ],
  };
}

let pipeline: Pipeline<Awaited<ReturnType<typeof sentinelRedis.start>>>;

beforeAll(async () => {
  pipeline = await startPipeline('node-notready-memory', {}, sentinelRedis);
});
afterAll(async () => {
  await pipeline?.close();
});

const post = (i: number) =>
  fetch(`${pipeline.url}/v1/alerts/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(webhook(i)),
  })
    .then((res) => res.status)
    .catch(() => 0);

/** The open investigations once `wanted` are all there, or whatever is there at the deadline. */
async function investigationsOf(wanted: number[], timeoutMs: number): Promise<Investigation[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await pipeline.openInvestigations().catch(() => [] as Investigation[]);
    const subjects = new Set(open.map((i) => i.subject));
    if (wanted.every((i) => subjects.has(subjectOf(i))) || Date.now() > deadline) return open;
    await sleep(250);
  }
}

describe('Sentinel failover under an alert stream', () => {
  it('keeps every alert it acknowledged with 202 when the primary is SIGKILLed mid-stream, and investigates each alert once after redelivery', async () => {
    const statuses: number[] = [];
    let killed: Promise<number> | undefined;
    let next = 0;
    const lane = async () => {
      while (next < ALERTS) {
        const i = next++;
        // The kill races the requests in flight, as a crash would.
        if (i === KILL_AT) killed = pipeline.redis.killPrimary();
        statuses[i] = await post(i);
        await sleep(PACE_MS);
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    const oldPrimary = await (killed as Promise<number>);
    const newPrimary = await pipeline.redis.waitForFailover(oldPrimary, 60_000);
    const acknowledged = statuses.flatMap((status, i) => (status === 202 ? [i] : []));
    const refused = statuses.flatMap((status, i) => (status === 202 ? [] : [i]));

    const survivors = await investigationsOf(acknowledged, 60_000);
    const survived = acknowledged.filter((i) => survivors.some((inv) => inv.subject === subjectOf(i)));

    // Alertmanager redelivers what was refused; do the same until each one is acknowledged.
    for (const i of refused) {
      const deadline = Date.now() + 60_000;
      while ((await post(i)) !== 202 && Date.now() < deadline) await sleep(500);
    }
    const all = Array.from({ length: ALERTS }, (_, i) => i);
    const open = await investigationsOf(all, 60_000);
    const headlines = (await pipeline.transcript()).filter((e) => e.op === 'post').length;
    console.info(
      `sentinel failover (primary :${oldPrimary} SIGKILLed as alert ${KILL_AT} of ${ALERTS} was sent by ${LANES} senders, :${newPrimary} promoted): ` +
        `${acknowledged.length}/${ALERTS} alerts acknowledged during the stream, ${refused.length} refused (503: alerts ${refused.join(',')}); ` +
        `${survived.length}/${acknowledged.length} acknowledged alerts survived; after redelivery ${open.length}/${ALERTS} investigations, ${headlines} headlines`,
    );

    expect(statuses.every((status) => status === 202 || status === 503)).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AT - LANES);
    expect(survived).toEqual(acknowledged);
    expect(open.map((inv) => inv.subject).sort()).toEqual(all.map(subjectOf).sort());
    expect(open.every((inv) => inv.signals === 1)).toBe(true);
  }, 240_000);
});
