import type { ServerResponse } from 'node:http';
import { KubeApiError } from '../errors.js';
import { filterLogText, type LogFilter } from '../pod-log-text.js';
import type { ContainerSpec, PodObject } from '../pod-types.js';
import { findRule, resolveScenarioRules, type ScenarioRules } from '../scenario-rules.js';
import { containerArgv, containerState, resolveContainer } from './pod-container.js';
import type { SubresourceContext, SubresourceHandler } from './types.js';

/**
 * `GET /api/v1/namespaces/<ns>/pods/<name>/log`: the scenario's `logs` text for the pod (or, for pods
 * matching a `run` rule, that rule's `logs` once running), filtered as the kubelet does. `follow`
 * keeps the response open until the pod finishes, is deleted, or the client leaves.
 */
export const podLogsHandler: SubresourceHandler = (req, res, ctx) => {
  const pod = ctx.pod as PodObject;
  const query = ctx.query;
  const container = resolveContainer(pod, query.get('container'));
  const previous = query.get('previous') === 'true';
  const rules = resolveScenarioRules(ctx.rules);
  const now = ctx.clock();
  const filter: LogFilter = {
    ...parseFilter(query, now),
    defaultTime: containerStartTime(pod, container.name, now),
  };
  const text = podLogText(pod, container, previous, rules);

  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.write(filterLogText(text, filter));
  if (query.get('follow') !== 'true' || previous || isFinished(pod)) {
    res.end();
    return;
  }
  followUntilFinished(req, res, ctx);
};

function followUntilFinished(
  req: { on(event: 'close', listener: () => void): unknown },
  res: ServerResponse,
  ctx: SubresourceContext,
): void {
  const { namespace, name } = ctx.pod.metadata;
  let stop: (() => void) | undefined;
  const finish = () => {
    stop?.();
    stop = undefined;
    if (!res.writableEnded) res.end();
  };
  stop = ctx.store.watch(
    'pods',
    { namespace, fieldSelector: `metadata.name=${name}`, resourceVersion: ctx.store.resourceVersion() },
    (event) => {
      if (event.type === 'DELETED' || isFinished(event.object as PodObject)) setImmediate(finish);
    },
  );
  req.on('close', finish);
}

function isFinished(pod: PodObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function integerParam(query: URLSearchParams, name: string, minimum: number): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    throw new KubeApiError(
      'BadRequest',
      `${name}: Invalid value: "${raw}": must be an integer >= ${minimum}`,
    );
  }
  return value;
}

function parseFilter(query: URLSearchParams, now: Date): Omit<LogFilter, 'defaultTime'> {
  const sinceSeconds = integerParam(query, 'sinceSeconds', 1);
  const sinceTime = query.get('sinceTime');
  if (sinceSeconds !== undefined && sinceTime !== null) {
    throw new KubeApiError('BadRequest', 'at most one of `sinceTime` or `sinceSeconds` may be specified');
  }
  let sinceMs = sinceSeconds === undefined ? undefined : now.getTime() - sinceSeconds * 1000;
  if (sinceTime !== null) {
    sinceMs = Date.parse(sinceTime);
    if (Number.isNaN(sinceMs))
      throw new KubeApiError('BadRequest', `sinceTime: Invalid value: "${sinceTime}": not RFC 3339`);
  }
  const tailLines = integerParam(query, 'tailLines', 0);
  const limitBytes = integerParam(query, 'limitBytes', 1);
  return {
    ...(sinceMs !== undefined ? { sinceMs } : {}),
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
    timestamps: query.get('timestamps') === 'true',
  };
}

function containerStartTime(pod: PodObject, container: string, now: Date): number {
  const state = containerState(pod, container);
  const started = state?.running?.startedAt ?? state?.terminated?.startedAt ?? pod.status?.startTime;
  const parsed = typeof started === 'string' ? Date.parse(started) : Number.NaN;
  return Number.isNaN(parsed) ? now.getTime() : parsed;
}

/**
 * The whole log text of a container: the scenario `logs` rule for it, else its `run` rule's logs
 * once it runs. Throws the kubelet's 400 answers (no previous instance, container still waiting).
 */
export function podLogText(
  pod: PodObject,
  container: ContainerSpec,
  previous: boolean,
  rules: ScenarioRules,
): string {
  const podKey = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const scripted = rules.logs.find(
    (rule) =>
      rule.pod === podKey &&
      (rule.container === undefined || rule.container === container.name) &&
      rule.previous === previous,
  );
  if (scripted) return scripted.text;
  if (previous) {
    throw new KubeApiError(
      'BadRequest',
      `previous terminated container "${container.name}" in pod "${pod.metadata.name}" not found`,
    );
  }
  if (!pod.spec?.nodeName) return '';
  const state = containerState(pod, container.name);
  const waiting = state?.waiting;
  const lastState = (pod.status?.containerStatuses ?? []).find((s) => s.name === container.name)?.lastState as
    | { terminated?: unknown }
    | undefined;
  if ((waiting && !lastState?.terminated) || (!state && pod.status?.phase === 'Pending')) {
    const reason = String(waiting?.reason ?? 'ContainerCreating');
    const why =
      reason === 'ImagePullBackOff' || reason === 'ErrImagePull'
        ? 'trying and failing to pull image'
        : reason;
    throw new KubeApiError(
      'BadRequest',
      `container "${container.name}" in pod "${pod.metadata.name}" is waiting to start: ${why}`,
    );
  }
  const run = findRule(rules.run, {
    pod: podKey,
    container: container.name,
    image: container.image ?? '',
    command: containerArgv(container),
    node: pod.spec.nodeName,
  });
  return run?.logs ?? '';
}
