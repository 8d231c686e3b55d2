import { renderFindingActions, renderFindings } from '@triage/chat';
import {
  type DiagnosticPods,
  type Finding,
  type KubeDryRun,
  type KubeReader,
  type LogAnalytics,
  type Logger,
  type Metrics,
  type Playbook,
  sortFindings,
} from '@triage/core';
import { RunnerError } from './errors.js';
import { type FixStore, offeredFixes } from './fix-store.js';
import type { RunJob } from './intake-processor.js';
import type { InvestigationStore, RunSummary } from './investigation-store.js';
import { errorFinding, runPlaybook } from './run-playbook.js';
import type { RunnerConfig } from './runner-config.js';
import type { ThreadPoster } from './thread-poster.js';

export interface RunDeps {
  config: RunnerConfig;
  store: InvestigationStore;
  poster: ThreadPoster;
  playbooks: readonly Playbook[];
  kube: KubeReader;
  /** Server-side dry-runs for playbooks that verify their fixes; absent in read-only installs. */
  dryRun?: KubeDryRun;
  /** Diagnostic pods for playbooks that trace (network-trace); absent in read-only installs. */
  diagnosticPods?: DiagnosticPods;
  /** Azure Log Analytics for playbooks that read container logs; absent when no workspace is configured. */
  logs?: LogAnalytics;
  /** Prometheus for playbooks that chart metrics; absent when no Prometheus URL is configured. */
  metrics?: Metrics;
  /** Where offered fixes are kept for the Apply fix buttons; absent: no button is offered. */
  fixes?: FixStore;
  /** Tells transient failures (API 5xx, timeouts) from permanent ones. */
  isRetryable(err: unknown): boolean;
  clock: () => Date;
  log: Logger;
}

/** The run job as BullMQ hands it over (only what we use). */
export interface RunAttempt {
  id: string;
  data: RunJob;
  attemptsMade: number;
  /** Aborts when the worker shuts down or the job is cancelled. */
  signal?: AbortSignal;
}

const PROGRESS_INTERVAL_MS = 10_000;

function summarise(playbook: string, findings: Finding[], failed: boolean): RunSummary {
  const counts: RunSummary['counts'] = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  const top = sortFindings(findings)[0];
  return { playbook, counts, failed, ...(top ? { top: { severity: top.severity, title: top.title } } : {}) };
}

/**
 * Runs one playbook for an investigation and posts its findings in the thread. A failing
 * playbook yields an error finding; only transient failures with attempts left are thrown for
 * BullMQ to retry with backoff.
 */
export function createRunProcessor(deps: RunDeps) {
  const { store, poster, log } = deps;

  return async function processRun(job: RunAttempt): Promise<RunSummary | undefined> {
    const { investigationId, playbook: name, params, signal } = job.data;
    const investigation = await store.get(investigationId);
    if (!investigation) return undefined;
    const runLog = log.child({ jobId: job.id, playbook: name, investigation: investigationId });
    // A quick run needs no progress note: the final headline update follows within seconds.
    let lastProgress = Date.now();
    let findings: Finding[];
    let failed = false;
    try {
      const playbook = deps.playbooks.find((p) => p.name === name);
      if (!playbook) throw new RunnerError('TRIAGE_ERR_RUNNER_UNKNOWN_PLAYBOOK', `no playbook named ${name}`);
      findings = await runPlaybook(playbook, params, {
        kube: deps.kube,
        ...(deps.dryRun ? { dryRun: deps.dryRun } : {}),
        ...(deps.diagnosticPods ? { diagnosticPods: deps.diagnosticPods } : {}),
        ...(deps.logs ? { logs: deps.logs } : {}),
        ...(deps.metrics ? { metrics: deps.metrics } : {}),
        clock: deps.clock,
        log: runLog,
        cluster: investigation.cluster,
        trigger: signal,
        timeoutMs: deps.config.playbookTimeoutMs,
        ...(job.signal ? { signal: job.signal } : {}),
        async progress(text) {
          runLog.info({ progress: text });
          if (Date.now() - lastProgress < PROGRESS_INTERVAL_MS) return;
          lastProgress = Date.now();
          await poster.refreshHeadline(investigation, text);
        },
      });
    } catch (err) {
      const attemptsLeft = job.attemptsMade + 1 < deps.config.attempts;
      if (!(err instanceof RunnerError) && deps.isRetryable(err) && attemptsLeft) {
        runLog.warn({ err }, 'transient failure, will retry');
        throw err;
      }
      runLog.error({ err }, 'playbook failed');
      findings = [errorFinding(name, investigation.subject, err)];
      failed = true;
    }
    const sorted = sortFindings(findings);
    const { messages, files } = renderFindings(sorted);
    for (const [i, message] of messages.entries())
      await poster.replyOnce(investigation, `${job.id}:reply:${i}`, message);
    for (const [i, file] of files.entries())
      await poster.uploadOnce(investigation, `${job.id}:file:${i}`, file);
    if (deps.config.chatActions) {
      const fixes = deps.fixes ? offeredFixes(job.id, sorted) : [];
      await deps.fixes?.save(investigationId, fixes);
      const controls = renderFindingActions({
        investigationId,
        cluster: investigation.cluster,
        subject: investigation.subject,
        playbook: name,
        params,
        ...(signal.source === 'alertmanager' ? { alertFingerprint: signal.key } : {}),
        fixes,
      });
      await poster.replyOnce(investigation, `${job.id}:actions`, controls);
    }
    const summary = summarise(name, findings, failed);
    await store.saveRun(investigationId, job.id, summary);
    const current = (await store.get(investigationId)) ?? investigation;
    if (current.state !== 'resolved') {
      const state = failed && current.state === 'investigating' ? 'failed' : 'findings';
      await store.setState(investigationId, state, deps.clock());
      await poster.refreshHeadline({ ...current, state });
    } else {
      await poster.refreshHeadline(current);
    }
    return summary;
  };
}
