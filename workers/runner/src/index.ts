export {
  APPLY_FIX_SIGNAL_NAME,
  type ChangeApplier,
  type ChangeResult,
  type FixAuditEntry,
} from './apply-fix.js';
export { createRunner, RUN_QUEUE, type Runner, type RunnerDeps } from './create-runner.js';
export { createInvestigationStore, type Investigation } from './investigation-store.js';
export { playbooks } from './playbook-registry.js';
export { createRedisReportHistory } from './report-history-store.js';
export { createReportPoster, type ReportPoster } from './report-poster.js';
export { type ReportSchedule, reportScheduleSchema } from './report-schedule-config.js';
export { REPORT_QUEUE, reportQueueName, reportSchedulerId } from './report-schedules.js';
export { errorFinding, runPlaybook } from './run-playbook.js';
export { type RunnerConfig, runnerConfigSchema } from './runner-config.js';
export { createRedisActivitySource } from './triage-activity-store.js';
