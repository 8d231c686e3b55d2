import { signalSchema } from '@triage/core';
import fc, { type JsonValue } from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixture } from '../support/fixtures.js';
import { AM, AZURE, gatewayWith, postJson } from '../support/gateway.js';

const routes = [AM, AZURE] as const;
const RUNS = 2000;

const gateway = gatewayWith();
const { app, intake } = gateway;
beforeAll(() => app.ready());
afterAll(() => app.close());
beforeEach(() => {
  intake.batches.length = 0;
});

type Json = JsonValue;

/** Every path to a value inside `value` (the root excluded). */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, Json | undefined][] = Array.isArray(value)
    ? value.map((item, i) => [i, item])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child ?? null, [...prefix, key])]);
}

/** A copy of `value` with the value at `path` replaced (or removed when `replacement` is undefined). */
function mutate(value: Json, path: (string | number)[], replacement: Json | undefined): Json {
  const copy = structuredClone(value);
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key] as Json;
  const last = path.at(-1) as string | number;
  const container = parent as Record<string | number, Json>;
  if (replacement === undefined) {
    if (Array.isArray(container)) container.splice(Number(last), 1);
    else delete container[last];
  } else {
    container[last] = replacement;
  }
  return copy;
}

// Keys that hostile payloads use to reach prototypes, mixed with ordinary ones.
const hostileKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'alerts',
  'data',
  'labels',
);
const hostileObject = fc.dictionary(hostileKey, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });

/** Posts the body and checks the property: 202 only with a stored batch, otherwise a 4xx and nothing stored. */
async function expectOnly4xxOrStored(url: string, body: string) {
  const before = intake.batches.length;
  const response = await postJson(app, url, body);
  if (response.statusCode === 202) {
    expect(intake.batches.length).toBe(before + 1);
    for (const signal of intake.batches.at(-1)?.signals ?? []) signalSchema.parse(signal);
  } else {
    expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expect(response.json().message).toEqual(expect.any(String));
    expect(intake.batches.length).toBe(before);
  }
  return response.statusCode;
}

describe.each(routes)('POST %s with arbitrary input', (url) => {
  it('answers 4xx to arbitrary JSON values and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const status = await expectOnly4xxOrStored(url, JSON.stringify(value) ?? 'null');
        expect(status).not.toBe(202);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers 4xx to arbitrary text sent as JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (text) => {
        expect(await expectOnly4xxOrStored(url, text)).not.toBe(202);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers 4xx to objects built from prototype-pollution keys and pollutes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(hostileObject, async (value) => {
        const body = JSON.stringify(value).replaceAll('"toString"', '"__proto__"');
        expect(await expectOnly4xxOrStored(url, body)).not.toBe(202);
        expect(({} as Record<string, unknown>).alerts).toBeUndefined();
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

const samples: [string, Json][] = [
  [AM, fixture('alertmanager', 'firing-group') as Json],
  [AM, fixture('alertmanager', 'alertmanager-0.25') as Json],
  [AZURE, fixture('azure-monitor', 'metric-fired-aks') as Json],
  [AZURE, fixture('azure-monitor', 'log-v2-computer') as Json],
  [AZURE, fixture('azure-monitor', 'prometheus-node-not-ready') as Json],
];

describe('valid payloads with one field broken', () => {
  it('answers 202 with valid signals or a 4xx that stores nothing, never a 5xx', async () => {
    const mutation = fc.constantFrom(...samples).chain(([url, body]) =>
      fc.record({
        url: fc.constant(url),
        body: fc.constant(body),
        path: fc.constantFrom(...pathsOf(body)),
        replacement: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
      }),
    );
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(mutation, async ({ url, body, path, replacement }) => {
        statuses.add(await expectOnly4xxOrStored(url, JSON.stringify(mutate(body, path, replacement))));
      }),
      { numRuns: RUNS },
    );
    // Both outcomes occur, so the property was not vacuous.
    expect(statuses).toContain(202);
    expect(statuses).toContain(400);
  });
});

describe('generated Alertmanager notifications', () => {
  const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,20}$/).filter((name) => name !== '__proto__');
  const alert = fc.record({
    status: fc.constantFrom('firing', 'resolved'),
    labels: fc
      .dictionary(labelName, fc.string({ unit: 'grapheme', maxLength: 40 }), { maxKeys: 8 })
      .chain((labels) =>
        fc.string({ minLength: 1, maxLength: 40 }).map((alertname) => ({ ...labels, alertname })),
      ),
    annotations: fc.dictionary(labelName, fc.string({ maxLength: 200 }), { maxKeys: 4 }),
    startsAt: fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    endsAt: fc.constant('0001-01-01T00:00:00Z'),
    generatorURL: fc.webUrl(),
    fingerprint: fc.stringMatching(/^[0-9a-f]{16}$/),
  });
  const notification = fc.record({
    version: fc.constant('4'),
    groupKey: fc.string(),
    truncatedAlerts: fc.nat(),
    status: fc.constantFrom('firing', 'resolved'),
    receiver: fc.string(),
    groupLabels: fc.constant({}),
    commonLabels: fc.constant({}),
    commonAnnotations: fc.constant({}),
    externalURL: fc.webUrl(),
    alerts: fc.array(alert, { minLength: 1, maxLength: 20 }),
  });

  it('are stored whole: one batch with one signal per alert, firing and resolved alike', async () => {
    await fc.assert(
      fc.asyncProperty(notification, async (body) => {
        const before = intake.batches.length;
        const response = await postJson(app, AM, body);
        expect(response.statusCode, response.body).toBe(202);
        const batch = intake.batches[before];
        expect(batch?.signals.map((signal) => [signal.key, signal.status])).toEqual(
          body.alerts.map((a) => [a.fingerprint, a.status]),
        );
      }),
      { numRuns: RUNS / 2 },
    );
  });
});
