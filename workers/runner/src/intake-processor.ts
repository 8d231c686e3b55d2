import { createHash } from 'node:crypto';
import { ChatError } from '@triage/chat';
import { type Logger, type Playbook, type Signal, type Subject, subjectKey } from '@triage/core';
import { APPLY_FIX_SIGNAL_NAME, type FixOutcome } from './apply-fix.js';
import type { ClusterLookup } from './cluster-lookup.js';
import { subjectFromLabels } from './derive-subject.js';
import type { Investigation, InvestigationStore } from './investigation-store.js';
import { type PlannedRun, planRuns } from './routing.js';
import type { RunnerConfig } from './runner-config.js';
import { renderThreadPointer } from './thread-pointer.js';
import type { ThreadPoster } from './thread-poster.js';

/** A playbook run queued for an investigation (the data of a run job). */
export interface RunJob {
  investigationId: string;
  playbook: string;
  params: Record<string, unknown>;
  signal: Signal;
}

/** What happened to one signal, for metrics and tests. */
export type SignalOutcome =
  | 'ignored'
  | 'repeat'
  | 'opened'
  | 'joined'
  | 'resolved'
  | 'unmatched-resolve'
  | 'closed'
  | 'forwarded'
  | FixOutcome;

/** Name of the `resolved` Slack signal (Close investigation button) that closes `params.investigation`. */
export const CLOSE_SIGNAL_NAME = 'triage close';

export interface IntakeDeps {
  config: RunnerConfig;
  store: InvestigationStore;
  poster: ThreadPoster;
  lookup: ClusterLookup;
  playbooks: readonly Playbook[];
  /** Queues a run; the job id makes the same run of the same investigation a no-op when queued twice. */
  enqueueRun(jobId: string, run: RunJob): Promise<void>;
  /** Applies a fix a person confirmed (Apply fix button); absent: such signals are answered as unmatched. */
  applyFix?(signal: Signal): Promise<FixOutcome>;
  clock: () => Date;
  log: Logger;
}

/**
 * A stable id for "this playbook with these params in this investigation". A person's request (a chat
 * command or button, `requestKey`) is its own run: asking again must run again, not hit the earlier job.
 */
export function runJobId(investigationId: string, run: PlannedRun, requestKey?: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([run.playbook, run.params, ...(requestKey ? [requestKey] : [])]))
    .digest('hex')
    .slice(0, 16);
  return `${investigationId}-${run.playbook}-${digest}`;
}

/**
 * Resolves what the signal is about, then where it belongs: a pod on a node that is under
 * investigation or not Ready is a symptom of that node, so it joins the node's investigation
 * (an alert storm about many pods on a few failing nodes opens a few threads, not thousands).
 */
async function placeSignal(
  signal: Signal,
  lookup: ClusterLookup,
  store: InvestigationStore,
): Promise<{ subject: Subject; symptomOf?: Subject }> {
  const hint = subjectFromLabels(signal.labels);
  const subject: Subject =
    hint.kind === 'address'
      ? await lookup
          .nodeByAddress(hint.address)
          .then((name) => (name ? { kind: 'node', name } : { kind: 'cluster' }))
      : hint;
  if (subject.kind !== 'pod') return { subject };
  const node = signal.labels.node ?? (await lookup.podNode(subject.namespace, subject.name));
  if (!node) return { subject };
  const nodeSubject: Subject = { kind: 'node', name: node };
  const nodeOpen = await store.findOpen(signal.cluster, subjectKey(nodeSubject));
  if (nodeOpen || !(await lookup.isNodeReady(node))) return { subject, symptomOf: nodeSubject };
  return { subject };
}

/**
 * Whether two channels are one. A channel configured by name (`#alerts`) and the ID a command carries
 * cannot be matched without asking Slack: then the pointer is posted in the thread's own channel,
 * redundant but not wrong.
 */
function sameChannel(a: string, b: string): boolean {
  return a.replace(/^#/, '') === b.replace(/^#/, '');
}

/** Fans one intake job out: each signal is deduplicated, placed in an investigation and its runs queued. */
export function createIntakeProcessor(deps: IntakeDeps) {
  const { config, store, poster, clock, log } = deps;

  async function onFiring(signal: Signal, jobId: string): Promise<SignalOutcome> {
    if (!(await store.firstInWindow(signal.cluster, signal.key, config.dedupeWindowSeconds, jobId)))
      return 'repeat';
    const { subject, symptomOf } = await placeSignal(signal, deps.lookup, store);
    const target = symptomOf ?? subject;
    const { investigation, created } = await store.openOrJoin(
      {
        cluster: signal.cluster,
        subject: subjectKey(target),
        title: symptomOf ? `${signal.name} on ${subjectKey(target)}` : signal.name,
        channel: signal.channel ?? config.channel,
      },
      clock(),
    );
    await store.addFiring(investigation, signal.key, clock());
    if (created) await poster.ensureHeadline(investigation);
    // A symptom joining an open investigation adds no runs; a new one runs the node's playbooks.
    // A request naming its playbook (a command, a button) always runs: someone asked for it.
    const runsQueued = !symptomOf || created || signal.playbook !== undefined;
    if (runsQueued) await queueRuns(investigation, signal, target);
    if (!created) await pointFromRequestChannel(investigation, signal, runsQueued);
    return created ? 'opened' : 'joined';
  }

  /**
   * A command typed in one channel that joined an investigation threaded in another: the person is
   * told there where the thread is. Slack refusing for good (the bot is not in that channel) must not
   * fail the signal, whose runs are queued already; a retryable failure retries the job, posting once.
   */
  async function pointFromRequestChannel(
    investigation: Investigation,
    signal: Signal,
    runsQueued: boolean,
  ): Promise<void> {
    const channel = signal.channel;
    if (signal.source !== 'slack' || !channel || sameChannel(channel, investigation.channel)) return;
    try {
      await poster.pointOnce(investigation, `pointer:${signal.key}`, channel, (thread) =>
        renderThreadPointer(investigation, signal, thread, runsQueued),
      );
    } catch (err) {
      // Only a chat refusal is swallowed; Redis errors and retryable chat errors retry the job.
      if (!(err instanceof ChatError) || err.retryable) throw err;
      log.warn(
        { err, channel, investigation: investigation.id },
        'could not point the command to its thread',
      );
    }
  }

  async function queueRuns(investigation: Investigation, signal: Signal, subject: Subject): Promise<void> {
    for (const run of planRuns(signal, subject, deps.playbooks, config.routes)) {
      const requestKey = signal.source === 'slack' ? signal.key : undefined;
      await deps.enqueueRun(runJobId(investigation.id, run, requestKey), {
        investigationId: investigation.id,
        ...run,
        signal,
      });
    }
  }

  async function onResolved(signal: Signal): Promise<SignalOutcome> {
    const id = await store.investigationOfSignal(signal.cluster, signal.key);
    const investigation = id ? await store.get(id) : undefined;
    if (!investigation || investigation.state === 'resolved') return 'unmatched-resolve';
    if ((await store.resolveSignal(investigation.id, signal.key)) > 0) return 'resolved';
    // Headline first: a thread that is closed in Redis always says so in chat too.
    await poster.refreshHeadline({ ...investigation, state: 'resolved' });
    await store.close(investigation.id, clock());
    return 'resolved';
  }

  /** A person closed the investigation from chat: the headline says so, then it closes. */
  async function onClose(signal: Signal): Promise<SignalOutcome> {
    const id = signal.params?.investigation;
    const investigation = typeof id === 'string' ? await store.get(id) : undefined;
    if (!investigation || investigation.cluster !== signal.cluster || investigation.state === 'resolved')
      return 'unmatched-resolve';
    const note = `Closed from chat by ${signal.requestedBy ?? 'someone'}`;
    await poster.refreshHeadline({ ...investigation, state: 'resolved' }, note);
    await store.close(investigation.id, clock());
    return 'closed';
  }

  function place(signal: Signal, jobId: string): Promise<SignalOutcome> {
    if (signal.source === 'slack' && signal.status === 'resolved' && signal.name === CLOSE_SIGNAL_NAME)
      return onClose(signal);
    // Never a run of its own: the press acts on an existing investigation.
    if (signal.source === 'slack' && signal.name === APPLY_FIX_SIGNAL_NAME)
      return deps.applyFix ? deps.applyFix(signal) : Promise.resolve('unmatched-fix');
    return signal.status === 'firing' ? onFiring(signal, jobId) : onResolved(signal);
  }

  return async function processSignals(signals: Signal[], jobId: string): Promise<SignalOutcome[]> {
    const outcomes: SignalOutcome[] = [];
    for (const signal of signals) {
      const outcome = config.ignore.includes(signal.name) ? 'ignored' : await place(signal, jobId);
      log.debug({ key: signal.key, name: signal.name, status: signal.status, outcome }, 'signal placed');
      outcomes.push(outcome);
    }
    return outcomes;
  };
}
