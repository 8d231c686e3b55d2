import { KubeApiError } from './errors.js';
import type { ObjectStore } from './object-store.js';
import { recordPodEvent } from './pod-events.js';
import { scheduleOnto } from './pod-scheduling.js';
import {
  DEADLINE_EXCEEDED,
  finishedStatus,
  type PodEnding,
  podIpFor,
  runningStatus,
  scheduledStatus,
  unschedulableStatus,
} from './pod-status.js';
import type { NodeObject, PodObject } from './pod-types.js';
import { findRule, type RunRule, resolveScenarioRules } from './scenario-rules.js';
import { containerArgv } from './subresources/pod-container.js';

/**
 * The scheduler and kubelet for pods that clients create (diagnostic pods): binds each new pod to a
 * node, then moves it Pending → Running → Succeeded/Failed on timers as its scenario `run` rule says
 * (no rule: it keeps running), with the events and status the real components write.
 * activeDeadlineSeconds ends it with DeadlineExceeded. Pods loaded from the scenario are left alone.
 */

/** Dependencies of {@link createPodLifecycle}. */
export interface PodLifecycleDeps {
  store: ObjectStore;
  /** The scenario's rules (parsed or the raw `sim.yaml` value). */
  rules: unknown;
  clock?: () => Date;
}

/** A running controller; `close()` stops watching and clears every timer. */
export interface PodLifecycle {
  start(): void;
  close(): void;
}

/** A created pod the controller has not handled yet: Pending without a PodScheduled condition. */
function isNewPod(pod: PodObject): boolean {
  return (
    pod.status?.phase === 'Pending' && !(pod.status.conditions ?? []).some((c) => c.type === 'PodScheduled')
  );
}

/** Creates the controller; nothing happens until `start()`. */
export function createPodLifecycle(deps: PodLifecycleDeps): PodLifecycle {
  const { store } = deps;
  const clock = deps.clock ?? (() => new Date());
  const runRules = resolveScenarioRules(deps.rules).run;
  const timers = new Map<string, Set<NodeJS.Timeout>>();
  /** Unschedulable pods, retried when a node is added or changes (uncordon, taint removed). */
  const waiting = new Map<string, PodObject>();
  let stopWatch: (() => void) | undefined;
  let stopNodeWatch: (() => void) | undefined;

  const keyOf = (pod: PodObject) => `${pod.metadata.namespace}/${pod.metadata.name}/${pod.metadata.uid}`;

  function later(pod: PodObject, seconds: number, step: (current: PodObject) => void): void {
    const key = keyOf(pod);
    const timer = setTimeout(() => {
      timers.get(key)?.delete(timer);
      guarded(pod, step);
    }, seconds * 1000);
    timer.unref();
    const set = timers.get(key) ?? new Set();
    set.add(timer);
    timers.set(key, set);
  }

  function forget(pod: PodObject): void {
    const key = keyOf(pod);
    waiting.delete(key);
    for (const timer of timers.get(key) ?? []) clearTimeout(timer);
    timers.delete(key);
  }

  function setStatus(pod: PodObject, status: PodObject['status']): PodObject {
    return store.setStatus('pods', pod.metadata.namespace, pod.metadata.name ?? '', status) as PodObject;
  }

  function ruleFor(pod: PodObject): RunRule | undefined {
    const [container] = pod.spec?.containers ?? [];
    if (!container) return undefined;
    return findRule(runRules, {
      pod: `${pod.metadata.namespace}/${pod.metadata.name}`,
      container: container.name,
      image: container.image ?? '',
      command: containerArgv(container),
      node: pod.spec?.nodeName,
    });
  }

  function bind(pod: PodObject): void {
    const nodes = store.list('nodes').items as NodeObject[];
    const counts = new Map<string, number>();
    const podsOn = (node: string) => {
      // listJson skips parsing: only the count matters (the store indexes spec.nodeName)
      if (!counts.has(node))
        counts.set(node, store.listJson('pods', { fieldSelector: `spec.nodeName=${node}` }).items.length);
      return counts.get(node) ?? 0;
    };
    const decision = scheduleOnto(pod, nodes, podsOn);
    const now = clock();
    if ('unschedulableMessage' in decision) {
      waiting.set(keyOf(pod), pod);
      const updated = setStatus(pod, unschedulableStatus(pod, decision.unschedulableMessage, now));
      recordPodEvent(
        store,
        updated,
        {
          type: 'Warning',
          reason: 'FailedScheduling',
          message: decision.unschedulableMessage,
          component: 'default-scheduler',
        },
        now,
      );
      return;
    }
    waiting.delete(keyOf(pod));
    const bound =
      pod.spec?.nodeName === decision.nodeName
        ? pod
        : (store.patch('pods', pod.metadata.namespace, pod.metadata.name ?? '', 'merge', {
            spec: { nodeName: decision.nodeName },
          }) as PodObject);
    const node = nodes.find((n) => n.metadata.name === decision.nodeName);
    const updated = setStatus(bound, scheduledStatus(bound, hostIpOf(node), now));
    if (!pod.spec?.nodeName) {
      recordPodEvent(
        store,
        updated,
        {
          type: 'Normal',
          reason: 'Scheduled',
          message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${decision.nodeName}`,
          component: 'default-scheduler',
        },
        now,
      );
    }
    const rule = ruleFor(updated);
    later(updated, rule?.runningAfterSeconds ?? 1, (current) => start(current, rule));
    const deadline = updated.spec?.activeDeadlineSeconds;
    if (deadline !== undefined) later(updated, deadline, (current) => finish(current, DEADLINE_EXCEEDED));
  }

  /** A retry binds silently when still nothing fits (the scheduler does not repeat the event each time). */
  function retryBind(pod: PodObject): void {
    if (pod.spec?.nodeName || pod.status?.phase !== 'Pending') return;
    const nodes = store.list('nodes').items as NodeObject[];
    if ('nodeName' in scheduleOnto(pod, nodes)) bind(pod);
  }

  function start(pod: PodObject, rule: RunRule | undefined): void {
    if (pod.status?.phase !== 'Pending') return;
    const now = clock();
    for (const container of pod.spec?.containers ?? []) {
      const fieldPath = `spec.containers{${container.name}}`;
      const kubelet = { type: 'Normal', component: 'kubelet', fieldPath } as const;
      recordPodEvent(
        store,
        pod,
        {
          ...kubelet,
          reason: 'Pulled',
          message: `Container image "${container.image}" already present on machine`,
        },
        now,
      );
      recordPodEvent(
        store,
        pod,
        { ...kubelet, reason: 'Created', message: `Created container ${container.name}` },
        now,
      );
      recordPodEvent(
        store,
        pod,
        { ...kubelet, reason: 'Started', message: `Started container ${container.name}` },
        now,
      );
    }
    // host-network pods (HostProcess collectors among them) share the node's address
    const podIP = pod.spec?.hostNetwork ? String(pod.status?.hostIP ?? podIpFor(pod)) : podIpFor(pod);
    const running = setStatus(pod, runningStatus(pod, podIP, now));
    if (!rule || rule.phase === 'Running') return;
    const ending: PodEnding = {
      phase: rule.phase,
      exitCode: rule.exitCode ?? (rule.phase === 'Failed' ? 1 : 0),
    };
    later(running, rule.finishAfterSeconds, (current) => finish(current, ending));
  }

  function finish(pod: PodObject, ending: PodEnding): void {
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
    const now = clock();
    if (ending.reason === 'DeadlineExceeded') {
      recordPodEvent(
        store,
        pod,
        { type: 'Normal', reason: 'DeadlineExceeded', message: ending.message ?? '', component: 'kubelet' },
        now,
      );
    }
    setStatus(pod, finishedStatus(pod, ending, now));
    forget(pod);
  }

  return {
    start() {
      if (stopWatch) return;
      stopWatch = store.watch('pods', { resourceVersion: store.resourceVersion() }, (event) => {
        const pod = event.object as PodObject;
        if (event.type === 'DELETED') forget(pod);
        // the store calls listeners synchronously inside its write: act after it returns
        else if (event.type === 'ADDED' && isNewPod(pod)) setImmediate(() => guarded(pod, bind));
      });
      stopNodeWatch = store.watch('nodes', { resourceVersion: store.resourceVersion() }, (event) => {
        if (event.type === 'DELETED') return;
        for (const pod of waiting.values()) setImmediate(() => guarded(pod, retryBind));
      });
    },
    close() {
      stopWatch?.();
      stopWatch = undefined;
      stopNodeWatch?.();
      stopNodeWatch = undefined;
      waiting.clear();
      for (const set of timers.values()) for (const timer of set) clearTimeout(timer);
      timers.clear();
    },
  };

  /** Runs a step on the pod as stored now, if it still exists; a pod deleted meanwhile is no error. */
  function guarded(pod: PodObject, step: (current: PodObject) => void): void {
    if (!stopWatch) return;
    const current = store.get('pods', pod.metadata.namespace, pod.metadata.name ?? '') as
      | PodObject
      | undefined;
    if (!current || current.metadata.uid !== pod.metadata.uid) return;
    try {
      step(current);
    } catch (error) {
      if (!(error instanceof KubeApiError && error.reason === 'NotFound')) throw error;
    }
  }
}

function hostIpOf(node: NodeObject | undefined): string {
  const addresses = (node?.status?.addresses as { type: string; address: string }[] | undefined) ?? [];
  return addresses.find((a) => a.type === 'InternalIP')?.address ?? '10.224.0.4';
}
