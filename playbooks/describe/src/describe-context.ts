import type { KubeReader } from '@triage/core';

/** What every describer needs: the cluster, the time, the subject key and the caller's deadline. */
export interface DescribeContext {
  kube: KubeReader;
  now: Date;
  /** Subject key the findings are about. */
  key: string;
  /** Most events to show as evidence; the rest are counted. */
  maxEvents: number;
  signal: AbortSignal;
}
