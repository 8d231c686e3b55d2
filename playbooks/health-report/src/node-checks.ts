import type { KubeObject } from '@triage/core';
import { arrayOf } from './object-fields.js';
import { type ReportItem, reportItem } from './report-item.js';

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

const PRESSURE_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];

function conditionsOf(node: KubeObject): Condition[] {
  return arrayOf<Condition>(node.status?.conditions).filter((c) => typeof c === 'object' && c !== null);
}

function since(c: Condition): string {
  return c.lastTransitionTime ? ` since ${c.lastTransitionTime}` : '';
}

/**
 * A node whose Ready condition is not True (False: the kubelet says so; Unknown: it stopped
 * reporting) and each pressure condition that is True. A node without a Ready condition has not
 * registered yet and is left out.
 */
export function nodeItems(node: KubeObject): ReportItem[] {
  const name = node.metadata.name;
  const subject = `node/${name}`;
  const conditions = conditionsOf(node);
  const items: ReportItem[] = [];
  const ready = conditions.find((c) => c.type === 'Ready');
  if (ready && ready.status !== 'True') {
    items.push(
      reportItem({
        check: 'node-not-ready',
        severity: 'critical',
        subject,
        text: `Node ${name} is NotReady (Ready=${ready.status}${ready.reason ? `, ${ready.reason}` : ''})${since(ready)}`,
        evidence: {
          source: `Node/${name} .status.conditions[Ready]`,
          text: `${ready.status} ${ready.reason ?? ''}: ${ready.message ?? ''}`.trim(),
          ...(ready.lastTransitionTime ? { at: ready.lastTransitionTime } : {}),
        },
      }),
    );
  }
  for (const c of conditions) {
    if (!c.type || !PRESSURE_CONDITIONS.includes(c.type) || c.status !== 'True') continue;
    items.push(
      reportItem(
        {
          check: 'node-pressure',
          severity: 'warning',
          subject,
          text: `Node ${name} has ${c.type}${since(c)}`,
          evidence: {
            source: `Node/${name} .status.conditions[${c.type}]`,
            text: `True ${c.reason ?? ''}: ${c.message ?? ''}`.trim(),
            ...(c.lastTransitionTime ? { at: c.lastTransitionTime } : {}),
          },
        },
        c.type,
      ),
    );
  }
  return items;
}
