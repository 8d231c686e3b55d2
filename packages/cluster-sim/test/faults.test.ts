import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorConfigError } from '../src/errors.js';
import { createFaults } from '../src/faults.js';
import { type Simulator, startSimulator } from '../src/start-simulator.js';

describe('createFaults', () => {
  it('injects nothing by default', () => {
    const faults = createFaults({}, () => 0);
    expect(faults.pickError()).toBeUndefined();
  });

  it('splits the random roll between 429 and 500 by their rates', () => {
    const faults = createFaults({ rate429: 0.25, rate500: 0.25, retryAfterSeconds: 7 }, () => 0.1);
    expect(faults.pickError()?.httpStatus).toBe(429);
    expect(faults.pickError()?.details?.retryAfterSeconds).toBe(7);
    faults.set({ rate429: 0 });
    expect(faults.pickError()?.httpStatus).toBe(500);
    faults.set({ rate500: 0 });
    expect(faults.pickError()).toBeUndefined();
  });

  it('rejects invalid settings naming the knob', () => {
    expect(() => createFaults({ rate429: 2 })).toThrow(SimulatorConfigError);
    expect(() => createFaults({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => createFaults({ bogus: 1 } as never)).toThrow(/invalid fault settings/);
  });
});

describe('faults on the wire', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({});
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('answers 429 TooManyRequests with Retry-After when the 429 rate is 1, and recovers when it is reset', async () => {
    sim.setFaults({ rate429: 1, retryAfterSeconds: 3 });
    const limited = await fetch(`${sim.url}/api/v1/namespaces`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toMatchObject({
      kind: 'Status',
      reason: 'TooManyRequests',
      code: 429,
      details: { retryAfterSeconds: 3 },
    });
    const discovery = await fetch(`${sim.url}/api/v1`);
    expect(discovery.status).toBe(200);
    sim.setFaults({ rate429: 0 });
    expect((await fetch(`${sim.url}/api/v1/namespaces`)).status).toBe(200);
  });

  it('answers 500 when the 500 rate is 1', async () => {
    sim.setFaults({ rate500: 1 });
    try {
      const failed = await fetch(`${sim.url}/api/v1/nodes`);
      expect(failed.status).toBe(500);
      expect(await failed.json()).toMatchObject({ reason: 'InternalError' });
    } finally {
      sim.setFaults({ rate500: 0 });
    }
  });

  it('ends watches after dropWatchesAfterMs', async () => {
    sim.setFaults({ dropWatchesAfterMs: 200 });
    try {
      const res = await fetch(`${sim.url}/api/v1/namespaces?watch=1`);
      const body = await res.text();
      expect(body.trim().split('\n').length).toBeGreaterThanOrEqual(4);
    } finally {
      sim.setFaults({ dropWatchesAfterMs: 0 });
    }
  });
});
