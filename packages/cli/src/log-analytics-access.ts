import type { LogAnalytics } from '@triage/core';
import { createLogAnalyticsClient } from '@triage/playbook-container-logs';
import type { TriageConfig } from './config.js';

/**
 * `{ logs }` for the playbook context when a workspace is configured, `{}` otherwise. Credentials come
 * from DefaultAzureCredential (workload identity, managed identity, Azure CLI, environment), asked on first use.
 */
export function createLogAnalyticsAccess(settings: TriageConfig['logAnalytics']): { logs?: LogAnalytics } {
  if (!settings.workspaceId) return {};
  return {
    logs: createLogAnalyticsClient({
      defaultWorkspaceId: settings.workspaceId,
      ...(settings.endpoint && { endpoint: settings.endpoint }),
    }),
  };
}
