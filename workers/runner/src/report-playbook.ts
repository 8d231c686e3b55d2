import type { Playbook } from '@triage/core';
import { createHealthReportPlaybook, HEALTH_REPORT } from '@triage/playbook-health-report';
import type { Cluster, Redis } from 'ioredis';
import { createRedisReportHistory } from './report-history-store.js';
import { createRedisActivitySource } from './triage-activity-store.js';

/** The health report with the runner's Redis: its history of reports and Triage's activity records. */
export function createStoredHealthReport(redis: Redis | Cluster, prefix: string) {
  return createHealthReportPlaybook({
    history: createRedisReportHistory(redis, prefix),
    activity: createRedisActivitySource(redis, prefix),
  });
}

/**
 * The playbooks with the registry's health report (no history: every item new) replaced by the stored
 * one, so a report asked for on demand (`/triage report`, any signal routed to health-report) compares
 * with the cluster's newest report and counts Triage's activity, as scheduled ones do.
 */
export function withStoredHealthReport(
  playbooks: readonly Playbook[],
  redis: Redis | Cluster,
  prefix: string,
): Playbook[] {
  return playbooks.map((p) => (p.name === HEALTH_REPORT ? createStoredHealthReport(redis, prefix) : p));
}
