import { ageOf } from './human-duration.js';
import { isPlainObject, type KubeObject, readPath } from './kube-object.js';
import type { Column } from './table-columns.js';

type Row = Record<string, unknown>;
const rows = (v: unknown): Row[] => (Array.isArray(v) ? (v.filter(isPlainObject) as Row[]) : []);
const state = (c: Row, which: 'waiting' | 'terminated' | 'running'): Row | undefined => {
  const s = readPath(c, `state.${which}`);
  return isPlainObject(s) ? s : undefined;
};
const exitText = (t: Row) => (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? 0}`);

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  lastRestart?: string;
}

/** The pod's STATUS, READY and RESTARTS as kubectl's pod printer derives them (printers.go `printPod`). */
export function summarizePod(pod: KubeObject): PodSummary {
  const spec = (pod.spec ?? {}) as Row;
  const status = (pod.status ?? {}) as Row;
  const summary: PodSummary = {
    ready: 0,
    total: rows(spec.containers).length,
    reason: String(status.phase ?? ''),
    restarts: 0,
  };
  if (typeof status.reason === 'string' && status.reason !== '') summary.reason = status.reason;
  const noteRestart = (c: Row) => {
    summary.restarts += Number(c.restartCount ?? 0);
    const finished = readPath(c, 'lastState.terminated.finishedAt');
    if (typeof finished === 'string' && (!summary.lastRestart || finished > summary.lastRestart))
      summary.lastRestart = finished;
  };
  let initializing = false;
  const initStatuses = rows(status.initContainerStatuses);
  for (const [i, c] of initStatuses.entries()) {
    noteRestart(c);
    const terminated = state(c, 'terminated');
    const waiting = state(c, 'waiting');
    if (terminated && Number(terminated.exitCode ?? 0) === 0) continue;
    initializing = true;
    if (terminated)
      summary.reason = terminated.reason ? `Init:${terminated.reason}` : `Init:${exitText(terminated)}`;
    else if (waiting?.reason && waiting.reason !== 'PodInitializing')
      summary.reason = `Init:${waiting.reason}`;
    else summary.reason = `Init:${i}/${rows(spec.initContainers).length}`;
    break;
  }
  if (!initializing) {
    summary.restarts = 0;
    summary.lastRestart = undefined;
    let hasRunning = false;
    for (const c of [...rows(status.containerStatuses)].reverse()) {
      noteRestart(c);
      const waiting = state(c, 'waiting');
      const terminated = state(c, 'terminated');
      if (waiting?.reason) summary.reason = String(waiting.reason);
      else if (terminated?.reason) summary.reason = String(terminated.reason);
      else if (terminated) summary.reason = exitText(terminated);
      else if (c.ready === true && state(c, 'running')) {
        hasRunning = true;
        summary.ready++;
      }
    }
    if (summary.reason === 'Completed' && hasRunning) {
      const readyCondition = rows(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True');
      summary.reason = readyCondition ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp) {
    if (status.reason === 'NodeLost') summary.reason = 'Unknown';
    else if (status.phase !== 'Succeeded' && status.phase !== 'Failed') summary.reason = 'Terminating';
  }
  return summary;
}

/** Pod columns: Name, Ready, Status, Restarts, Age; with `-o wide` IP, Node, Nominated Node, Readiness Gates. */
export function podColumns(nameColumn: Column, ageColumn: Column): Column[] {
  const column = (name: string, cell: Column['cell'], priority = 0): Column => ({
    name,
    type: 'string',
    format: '',
    description: name,
    priority,
    cell,
  });
  return [
    nameColumn,
    column('Ready', (o) => {
      const s = summarizePod(o);
      return `${s.ready}/${s.total}`;
    }),
    column('Status', (o) => summarizePod(o).reason),
    column('Restarts', (o, now) => {
      const s = summarizePod(o);
      return s.restarts !== 0 && s.lastRestart
        ? `${s.restarts} (${ageOf(s.lastRestart, now)} ago)`
        : String(s.restarts);
    }),
    ageColumn,
    column(
      'IP',
      (o) => {
        const ip = rows(readPath(o, 'status.podIPs'))[0]?.ip ?? readPath(o, 'status.podIP');
        return typeof ip === 'string' && ip !== '' ? ip : '<none>';
      },
      1,
    ),
    column('Node', (o) => String(readPath(o, 'spec.nodeName') ?? '') || '<none>', 1),
    column('Nominated Node', (o) => String(readPath(o, 'status.nominatedNodeName') ?? '') || '<none>', 1),
    column(
      'Readiness Gates',
      (o) => {
        const gates = rows(readPath(o, 'spec.readinessGates'));
        if (gates.length === 0) return '<none>';
        const conditions = rows(readPath(o, 'status.conditions'));
        const met = gates.filter((g) =>
          conditions.some((c) => c.type === g.conditionType && c.status === 'True'),
        ).length;
        return `${met}/${gates.length}`;
      },
      1,
    ),
  ];
}
