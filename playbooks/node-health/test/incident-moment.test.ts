import { describe, expect, it } from 'vitest';
import { incidentMoment } from '../src/incident-moment.js';
import { assessNode } from '../src/node-health.js';
import { NOW, nodeFixture } from './fixtures.js';

const health = (fixture: string) =>
  assessNode({ node: nodeFixture(fixture), pods: [], events: [], podMetrics: [] }, NOW, 'KubeNodeNotReady');

describe('incidentMoment', () => {
  it('is the Ready transition of a node that is not Ready', () => {
    const h = health('node-unreachable');
    const moment = incidentMoment(h, '2026-11-22T11:58:00Z');
    expect(moment.what).toBe('it went NotReady');
    expect(moment.at.toISOString()).toBe(
      new Date(String(h.readiness.condition?.lastTransitionTime)).toISOString(),
    );
  });

  it('is the start of the pressure condition of a Ready node under pressure', () => {
    const moment = incidentMoment(health('node-disk-pressure'), undefined);
    expect(moment).toMatchObject({ what: 'DiskPressure began', label: 'DiskPressure' });
  });

  it('is the alert start on a healthy node, and now when the alert time is missing or in the future', () => {
    expect(incidentMoment(health('node-healthy'), '2026-11-22T11:30:00Z')).toEqual({
      at: new Date('2026-11-22T11:30:00Z'),
      what: 'the alert fired',
      label: 'alert',
    });
    expect(incidentMoment(health('node-healthy'), '2026-11-22T13:00:00Z').at).toEqual(NOW);
    expect(incidentMoment(health('node-healthy'), 'not a time').what).toBe('now');
  });
});
