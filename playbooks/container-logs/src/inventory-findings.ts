import type { Finding, LogTable } from '@triage/core';
import type { LogQuery } from './query-templates.js';
import { tableFinding } from './table-finding.js';

/** One query's answer: its first table and the partial error, if any. */
export interface QueryResult {
  table: LogTable | undefined;
  partialError?: string | undefined;
}

/** Whose inventory, in words (`pod web/checkout-1`) and as a subject key, and the look-back as given. */
export interface InventoryLabel {
  subject: string;
  label: string;
  since: string;
}

function column(table: LogTable | undefined, name: string): unknown[] {
  const i = table?.columns.findIndex((c) => c.name === name) ?? -1;
  return i < 0 || !table ? [] : table.rows.map((row) => row[i]);
}

const troubledReasons = /CrashLoopBackOff|OOMKilled|Error|ImagePullBackOff|ErrImagePull|CreateContainer/i;

/** Pod phases, container states and restart counts (podRestartsQuery): a warning when containers restarted or are stuck. */
export function podRestartsFinding(query: LogQuery, result: QueryResult, who: InventoryLabel): Finding {
  const restarts = Math.max(0, ...column(result.table, 'Restarts').map(Number).filter(Number.isFinite));
  const troubled = column(result.table, 'ContainerStatusReason').some((r) => troubledReasons.test(String(r)));
  return tableFinding(query, result, {
    subject: who.subject,
    severity: restarts > 0 || troubled ? 'warning' : 'info',
    title: (rows) =>
      `${who.label} in KubePodInventory: ${rows} pod/container state${rows === 1 ? '' : 's'}, at most ${restarts} restart${restarts === 1 ? '' : 's'}, last ${who.since}`,
    emptyTitle: `No KubePodInventory records of ${who.label} over the last ${who.since}`,
    intro: 'Pod phases, container states and restarts as Container insights recorded them, newest first:',
    columns: [
      'Pod',
      'Container',
      'PodStatus',
      'ContainerStatus',
      'ContainerStatusReason',
      'Restarts',
      'LastSeen',
    ],
  });
}

/** Warning events (kubeEventsQuery) about the scope's objects. */
export function kubeEventsFinding(query: LogQuery, result: QueryResult, who: InventoryLabel): Finding {
  return tableFinding(query, result, {
    subject: who.subject,
    severity: 'warning',
    title: (rows) =>
      `${rows} kind${rows === 1 ? '' : 's'} of Warning event about ${who.label} in KubeEvents, last ${who.since}`,
    emptyTitle: `No Warning events about ${who.label} in KubeEvents over the last ${who.since}`,
    intro: 'Warning events (latest report of each), newest first:',
    columns: ['LastSeen', 'ObjectKind', 'Name', 'Reason', 'Count', 'Message'],
  });
}

/** A node's condition changes (nodeStatusHistoryQuery): a warning when its latest status lacks Ready. */
export function nodeStatusFinding(
  query: LogQuery,
  result: QueryResult,
  node: string,
  since: string,
): Finding {
  const latest = String(column(result.table, 'Status')[0] ?? '');
  const ready = latest.split(',').some((s) => s.trim() === 'Ready');
  return tableFinding(query, result, {
    subject: `node/${node}`,
    severity: ready ? 'info' : 'warning',
    title: (rows) =>
      `Node ${node} in KubeNodeInventory: ${rows} status change${rows === 1 ? '' : 's'} over the last ${since}, latest ${latest || '(none)'}${ready ? '' : ' (not Ready)'}`,
    emptyTitle: `No KubeNodeInventory records of node ${node} over the last ${since}`,
    intro: 'Reports where the node’s true conditions changed, newest first:',
    columns: ['TimeGenerated', 'Status', 'LastTransitionTimeReady', 'KubeletVersion'],
  });
}
