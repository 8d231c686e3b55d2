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
