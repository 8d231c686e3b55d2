import type { NodeHealth } from './node-health.js';

/** The moment the metrics are read up to, and how to name it. */
export interface IncidentMoment {
  at: Date;
  /** `it went NotReady`, `MemoryPressure began`, `the alert fired`. */
  what: string;
  /** Short chart label: `NotReady`, `MemoryPressure`, `alert`. */
  label: string;
}

function parsed(time: string | undefined, now: Date): Date | undefined {
  const ms = time ? Date.parse(time) : Number.NaN;
  return Number.isNaN(ms) || ms > now.getTime() ? undefined : new Date(ms);
}

/**
 * When the trouble began: the Ready condition's transition of a node that is not Ready, else the
 * start of its first pressure condition, else the alert's start, else now.
 */
export function incidentMoment(h: NodeHealth, alertStartsAt: string | undefined): IncidentMoment {
  const notReady =
    h.readiness.status !== 'True' ? parsed(h.readiness.condition?.lastTransitionTime, h.now) : undefined;
  if (notReady) return { at: notReady, what: 'it went NotReady', label: 'NotReady' };
  const pressure = h.problems.find((p) => p.kind === 'pressure');
  const since = parsed(pressure?.condition.lastTransitionTime, h.now);
  if (pressure && since) {
    const type = pressure.condition.type;
    return { at: since, what: `${type} began`, label: type };
  }
  const alert = parsed(alertStartsAt, h.now);
  if (alert) return { at: alert, what: 'the alert fired', label: 'alert' };
  return { at: h.now, what: 'now', label: 'now' };
}
