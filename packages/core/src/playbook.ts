import type { z } from 'zod';
import type { Finding } from './finding.js';
import type { Signal } from './signal.js';
import type { Subject } from './subject.js';

/** Minimal structured logger (pino-compatible). */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** Options for a paginated list. */
export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Stop after this many items (default: all). */
  max?: number;
}

/** A Kubernetes object as the API returns it (loosely typed: playbooks read the fields they need). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
    [key: string]: unknown;
  };
  spec?: Record<string, unknown> & object;
  status?: Record<string, unknown> & object;
  [key: string]: unknown;
}

/** Read access to the cluster, as playbooks need it. Kinds are plural resource names (`pods`, `nodes`). */
export interface KubeReader {
  get(resource: string, name: string, namespace?: string): Promise<KubeObject | undefined>;
  list(resource: string, options?: ListOptions): Promise<KubeObject[]>;
}

/** The API server's answer to a change sent with `dryRun=All`: validated and admitted, never persisted. */
export interface DryRunResult {
  /** True when the API server would accept the change now. */
  allowed: boolean;
  /** HTTP status of the answer (201/200 accepted; 429 eviction blocked; 422 invalid; 403 forbidden). */
  status: number;
  /** The API's message, e.g. `Cannot evict pod as it would violate the pod's disruption budget.` */
  message: string;
  /** Messages of the Status causes (e.g. `The disruption budget web-pdb needs 1 healthy pods and has 1 currently`). */
  causes?: string[];
  /** The object as it would be after the change (patches). */
  object?: KubeObject;
}

/**
 * Server-side dry-run of changes a playbook proposes: the API server decides, nothing changes.
 * Needs the RBAC of the change itself (create pods/eviction, patch the object).
 */
export interface KubeDryRun {
  /** Asks whether evicting the pod would be allowed now (policy/v1 Eviction, dryRun=All). */
  evict(namespace: string, pod: string): Promise<DryRunResult>;
  /** Sends a patch with dryRun=All. */
  patch(
    resource: string,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    type: 'merge' | 'strategic' | 'json',
  ): Promise<DryRunResult>;
}

/** One short-lived diagnostic pod: where it runs, what it runs, and for how long at most. */
export interface DiagnosticPodSpec {
  /** The node to pin the pod to (`spec.nodeName`: no scheduler, every taint tolerated). */
  node: string;
  /** Linux: privileged with hostPID/hostNetwork and the host mounts `ig` needs; Windows: HostProcess. */
  os: 'linux' | 'windows';
  image: string;
  command: string[];
  /** `activeDeadlineSeconds`, and how long `run` waits for the pod to finish. */
  deadlineSeconds: number;
  /** Why the pod exists, as a label value (`trace-tcp`, `windows-logs`). */
  purpose: string;
  signal?: AbortSignal;
  /**
   * Receives the log line by line as it is read, instead of `logs` holding it all: a large trace
   * is then never buffered (the result's `logs` keeps only the last few lines).
   */
  onLogLine?: (line: string) => void;
  /**
   * Work inside the running pod (exec, copying a file out) before it is deleted. When set, `run`
   * calls it once the container runs, instead of waiting for the pod to finish, and deletes the
   * pod after it settles; the pod's command should keep it alive until then (sleep to the deadline).
   * Exec calls are bounded by the pod's deadline and end with the run's signal.
   */
  whileRunning?: (pod: RunningDiagnosticPod) => Promise<void>;
  /** Who asked for the pod (`signal.requestedBy`): an annotation and label on the pod, for audits. */
  requestedBy?: string;
}

/** What a command run in a diagnostic pod (exec) printed, bounded. */
export interface DiagnosticExecResult {
  stdout: Uint8Array;
  /** The first KiB of stderr at most. */
  stderr: string;
  /** Undefined when the command did not end (timeout, output limit). */
  exitCode?: number;
  /** stdout reached `maxBytes` and the command was stopped there. */
  truncated: boolean;
  /** The command did not end within `timeoutMs` and was stopped; stdout holds its output so far. */
  timedOut: boolean;
}

/** A diagnostic pod whose container is running: exec into it, copy files out of it. */
export interface RunningDiagnosticPod {
  readonly podName: string;
  /** Runs a command in the container (pods/exec); stdout kept up to `maxBytes`. */
  exec(command: string[], options: { maxBytes: number; timeoutMs: number }): Promise<DiagnosticExecResult>;
  /**
   * Copies one file out as `kubectl cp` does: `<tar> cf - <path>` in the container, the tar stream
   * read from stdout and unpacked. `tar` is the archiver's path in the container (on Windows hosts
   * `C:\Windows\System32\tar.exe`). Fails when the file is missing or larger than `maxBytes`.
   */
  copyFile(
    path: string,
    options: { tar: string; maxBytes: number; timeoutMs: number },
  ): Promise<{ name: string; content: Uint8Array }>;
}

/** What a diagnostic pod did: its final phase, exit code and (bounded) log. */
export interface DiagnosticPodResult {
  podName: string;
  /** `Succeeded`, `Failed`, or the phase it had when the wait ended (`Running` after a timeout). */
  phase: string;
  exitCode?: number;
  logs: string;
  /** True when the log was cut at the byte limit. */
  truncated: boolean;
}

/** Image references for diagnostic pods. */
export interface DiagnosticImages {
  /** Inspektor Gadget's `ig`, e.g. `ghcr.io/inspektor-gadget/ig:v0.55.0`. */
  ig: string;
  /** Gadget images as `ig run` takes them: `<gadgetRepository>/trace_tcp:<gadgetTag>`. */
  gadgetRepository: string;
  gadgetTag: string;
  /** HostProcess base image for Windows nodes. */
  windowsHostProcess: string;
}

/**
 * Short-lived pods on a chosen node in Triage's own namespace (tracing with Inspektor Gadget,
 * Windows log collection). `run` always deletes its pod, whatever happens; `cleanup` removes pods a
 * crashed worker left behind and returns how many it deleted.
 */
export interface DiagnosticPods {
  /** Images to run (configurable for air-gapped registries). */
  readonly images: DiagnosticImages;
  run(spec: DiagnosticPodSpec): Promise<DiagnosticPodResult>;
  cleanup(): Promise<number>;
}

/** One table of a Log Analytics answer; `datetime` cells as ISO-8601 strings, `dynamic` cells parsed. */
export interface LogTable {
  name: string;
  columns: { name: string; type: string }[];
  rows: unknown[][];
}

/** A Log Analytics answer. `partialError` is set when the service returned only part of the data. */
export interface LogQueryResult {
  tables: LogTable[];
  partialError?: string;
}

/** Bounds of one query: ISO-8601 `timespan` (`PT1H`), rows kept at most, cancellation. */
export interface LogQueryOptions {
  timespan: string;
  rowLimit: number;
  signal?: AbortSignal;
}

/**
 * KQL queries against Azure Log Analytics. `workspaceId` is a workspace ID, or a full Azure resource ID
 * (`/subscriptions/…`) for a resource-centric query where a log alert's rule ran; undefined means the
 * configured default workspace.
 */
export interface LogAnalytics {
  query(workspaceId: string | undefined, kql: string, options: LogQueryOptions): Promise<LogQueryResult>;
}

/** One Prometheus time series: its labels and its samples as `[unix seconds, value]`. */
export interface MetricSeries {
  labels: Record<string, string>;
  points: [time: number, value: number][];
}

/** Bounds of one range query: the window, the resolution, cancellation. */
export interface MetricRangeOptions {
  start: Date;
  end: Date;
  stepSeconds: number;
  signal?: AbortSignal;
}

/** PromQL over the Prometheus HTTP API (`/api/v1/query_range`, `/api/v1/query`). */
export interface Metrics {
  queryRange(promql: string, options: MetricRangeOptions): Promise<MetricSeries[]>;
  /** Instant query; each series carries one point at `time` (default now). */
  query(promql: string, options?: { time?: Date; signal?: AbortSignal }): Promise<MetricSeries[]>;
}

/** Everything a playbook may use. Built once per job by the runner. */
export interface PlaybookContext {
  kube: KubeReader;
  /** Server-side dry-runs; absent when Triage runs without the RBAC for them (remediations then go unverified). */
  dryRun?: KubeDryRun;
  /** Diagnostic pods; absent in read-only installs (playbooks then say tracing is unavailable and why). */
  diagnosticPods?: DiagnosticPods;
  /** Azure Log Analytics; absent when no workspace is configured (playbooks then say logs are unavailable). */
  logs?: LogAnalytics;
  /** Prometheus; absent when no Prometheus URL is configured (playbooks then skip metric evidence and charts). */
  metrics?: Metrics;
  clock: () => Date;
  log: Logger;
  /** Aborts when the playbook's deadline passes or the job is cancelled. */
  signal: AbortSignal;
  /** Reports progress to the investigation (rate-limited by the runner). */
  progress(text: string): Promise<void>;
  /** The signal that started this run. */
  trigger: Signal;
  /** The cluster this run is about. */
  cluster: string;
}

/** How a signal starts a playbook: which alert names, and how its labels become params. */
export interface Trigger {
  /** Alert or command names this trigger matches. */
  names: readonly string[];
  /** Builds the playbook's params from the signal and its subject; undefined skips the playbook. */
  params(signal: Signal, subject: Subject): Record<string, unknown> | undefined;
}

/** A named, parameterised diagnosis. */
export interface Playbook<P extends z.ZodType = z.ZodType> {
  name: string;
  summary: string;
  params: P;
  triggers: readonly Trigger[];
  /** Deadline for one run, in milliseconds (default set by the runner). */
  timeoutMs?: number;
  run(ctx: PlaybookContext, params: z.infer<P>): Promise<Finding[]>;
}

/** Declares a playbook with its param types inferred (identity at runtime). */
export function definePlaybook<P extends z.ZodType>(playbook: Playbook<P>): Playbook<P> {
  return playbook;
}
