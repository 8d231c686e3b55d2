import {
  assertRowLimit,
  isoDuration,
  kqlNamespace,
  kqlObjectName,
  kqlTimespan,
  kqlWorkloadPrefix,
} from './kql-literal.js';
import type { LogQuery, QueryBounds } from './query-templates.js';

/** Whose objects: a namespace, narrowed to one pod (or object) name or a workload's pods. */
export interface InventoryScope {
  namespace: string;
  /** Pod name (KubePodInventory) or involved object name (KubeEvents). */
  name?: string;
  /** Workload name: objects named `<workload>-…`. */
  workload?: string;
}

function bounded(table: string, bounds: QueryBounds): { head: string[]; rowLimit: number; timespan: string } {
  const rowLimit = bounds.rowLimit ?? 500;
  assertRowLimit(rowLimit);
  return {
    head: [table, `| where TimeGenerated > ago(${kqlTimespan(bounds.sinceSeconds)})`],
    rowLimit,
    timespan: isoDuration(bounds.sinceSeconds),
  };
}

function objectFilters(scope: InventoryScope): string[] {
  const filters = [`| where Namespace == ${kqlNamespace(scope.namespace)}`];
  if (scope.name !== undefined) filters.push(`| where Name == ${kqlObjectName(scope.name, 'name')}`);
  if (scope.workload !== undefined)
    filters.push(`| where Name startswith ${kqlWorkloadPrefix(scope.workload)}`);
  return filters;
}

/**
 * Pod phases, container states and restart counts from KubePodInventory: one row per pod, container
 * and state seen, with when it was first and last seen and the highest restart count, newest first.
 */
export function podRestartsQuery(scope: InventoryScope, bounds: QueryBounds): LogQuery {
  const { head, rowLimit, timespan } = bounded('KubePodInventory', bounds);
  const query = [
    ...head,
    ...objectFilters(scope),
    '| extend Container = tostring(split(ContainerName, "/")[1])',
    '| summarize FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated), Restarts = max(ContainerRestartCount)' +
      ' by Pod = Name, Container, PodStatus, ContainerStatus, ContainerStatusReason, ContainerLastStatus, Computer',
    `| top ${rowLimit} by LastSeen desc`,
  ].join('\n');
  return { name: 'pod-restarts', query, timespan, rowLimit };
}

/** Kubernetes events from KubeEvents about objects in the scope (Warning only unless `all`), newest first. */
export function kubeEventsQuery(
  scope: InventoryScope,
  bounds: QueryBounds,
  options: { all?: boolean } = {},
): LogQuery {
  const { head, rowLimit, timespan } = bounded('KubeEvents', bounds);
  const query = [
    ...head,
    ...objectFilters(scope),
    ...(options.all ? [] : ['| where KubeEventType == "Warning"']),
    // The agent re-reports an event on every collection: keep its latest report.
    '| summarize arg_max(LastSeen, KubeEventType, Count, FirstSeen, SourceComponent, Computer) by ObjectKind, Name, Reason, Message',
    `| top ${rowLimit} by LastSeen desc`,
  ].join('\n');
  return { name: options.all ? 'kube-events' : 'kube-warning-events', query, timespan, rowLimit };
}

/**
 * A node's status history from KubeNodeInventory: only the reports where its condition list (`Status`,
 * the conditions that are True) changed, newest first.
 */
export function nodeStatusHistoryQuery(node: string, bounds: QueryBounds): LogQuery {
  const { head, rowLimit, timespan } = bounded('KubeNodeInventory', bounds);
  const query = [
    ...head,
    `| where Computer == ${kqlObjectName(node, 'node')}`,
    '| project TimeGenerated, Computer, Status, LastTransitionTimeReady, KubeletVersion, OperatingSystem',
    '| order by TimeGenerated asc',
    '| extend Previous = prev(Status)',
    '| where Status != Previous',
    `| top ${rowLimit} by TimeGenerated desc`,
  ].join('\n');
  return { name: 'node-status-history', query, timespan, rowLimit };
}
