/** How bad a finding is; `ok` says a check passed and is worth telling. */
export type Severity = 'critical' | 'warning' | 'info' | 'ok';

/** Severities from most to least urgent, for sorting. */
export const severityOrder: readonly Severity[] = ['critical', 'warning', 'info', 'ok'];

/** A fact behind a finding, with where it came from. */
export interface Evidence {
  /** e.g. `Node/aks-np1-0 .status.conditions[Ready]`, `Event Warning/OOMKilling`, `log pods/web-1`. */
  source: string;
  text: string;
  /** When the fact was observed, ISO 8601, if known. */
  at?: string;
}

/** A proposed change, with the result of checking it against the API server. */
export interface Remediation {
  summary: string;
  steps: string[];
  /** Server-side dry-run result of the proposed change, when one was made. */
  dryRun?: { ok: boolean; detail: string };
  /**
   * Fixes a person may apply from chat (the Apply fix button): alternatives, each one complete change
   * that passed a server-side dry-run when the playbook ran. Only changes whose dry-run passed belong here;
   * applying one repeats the dry-run first.
   */
  changes?: RemediationChange[];
}

/** One exact API change (a PATCH of one object), as its dry-run was sent. */
export interface RemediationChange {
  /** What it does, e.g. `Relax PodDisruptionBudget web/nginx-pdb to maxUnavailable 1`. */
  summary: string;
  /** Resource name as KubeReader knows it (`poddisruptionbudgets`, `deployments`). */
  resource: string;
  name: string;
  namespace?: string;
  type: 'merge' | 'strategic' | 'json';
  patch: unknown;
}

/** A file that goes with a finding (a log bundle, a CSV, a chart). */
export interface Attachment {
  filename: string;
  contentType: string;
  /** UTF-8 text or base64 for binary content, as `encoding` says. */
  content: string;
  encoding: 'utf8' | 'base64';
}

/** One conclusion with its evidence: what is wrong, why we believe it, what to do. */
export interface Finding {
  severity: Severity;
  title: string;
  detail: string;
  /** Subject key (see subjectKey). */
  subject: string;
  evidence: Evidence[];
  remediation?: Remediation;
  attachments?: Attachment[];
}

/** Sorts findings most urgent first, keeping the playbook's order within a severity. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity));
}
