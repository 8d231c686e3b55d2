export { type BullIntake, type BullIntakeOptions, createBullIntake } from './bull-intake.js';
export { createGateway, type GatewayDeps, redactUrl } from './create-gateway.js';
export { GatewayError, type GatewayErrorCode, gatewayErrorStatus, isGatewayError } from './errors.js';
export { type GatewayConfig, type GatewayConfigInput, gatewayConfigSchema } from './gateway-config.js';
export type { GatewayMetrics } from './gateway-metrics.js';
export {
  type AlertmanagerPayload,
  alertmanagerAlertSchema,
  alertmanagerPayloadSchema,
  alertmanagerToSignals,
  type NormaliseOptions,
} from './normalise/alertmanager.js';
export { aksClusterName, azureMonitorToSignals } from './normalise/azure-monitor.js';
export {
  type AzureMonitorPayload,
  azureEssentialsSchema,
  azureMonitorPayloadSchema,
  COMMON_ALERT_SCHEMA_ID,
  isCommonAlertSchema,
} from './normalise/azure-monitor-schema.js';
export type { SignalIntake } from './signal-intake.js';
export {
  type AuditEntry,
  type AuditOutcome,
  type AuditTrail,
  auditStreamKey,
  createAuditTrail,
  readAuditTrail,
} from './slack/audit-trail.js';
export { createAlertmanagerSilencer, type Silencer, SilenceError } from './slack/alertmanager-silencer.js';
export type { SlackAppDeps } from './slack/slack-app.js';
export {
  privilegedActions,
  type SlackAction,
  type SlackConfig,
  slackActions,
  slackConfigSchema,
} from './slack/slack-config.js';
export { createGroupMembersLookup, createSlackNotifier, type SlackNotifier } from './slack/slack-notifier.js';
export { SLACK_EVENTS_PATH } from './slack/slack-routes.js';
export { commandUsage, helpText } from './slack/parse-command.js';
