import {
  createAuditTrail,
  createGroupMembersLookup,
  createSlackNotifier,
  type SlackAppDeps,
} from '@triage/gateway';
import { createInvestigationStore, playbooks } from '@triage/runner';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { TriageConfig } from './config.js';
import { CliError } from './errors.js';

/**
 * What the gateway's Slack app needs, from the config: the audit trail on Redis, the Web API (bot token,
 * `TRIAGE_SLACK_API_URL`) for answers and user groups, open investigations for `/triage status`, and the
 * playbook list. Undefined when Slack ingress is not configured.
 */
export function createSlackAppAccess(
  config: TriageConfig,
  redis: Redis | Cluster,
  log: Logger,
): SlackAppDeps | undefined {
  if (!config.gateway.slack) return undefined;
  const slack = config.chat.slack;
  if (!slack)
    throw new CliError(
      'TRIAGE_ERR_CLI_CONFIG',
      'gateway.slack (SLACK_SIGNING_SECRET) needs SLACK_BOT_TOKEN too: the app answers commands and buttons with it',
    );
  const api = { token: slack.token, logger: log, ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}) };
  const store = createInvestigationStore(redis, config.redis.prefix);
  return {
    audit: createAuditTrail({ redis, prefix: config.redis.prefix, log }),
    notifier: createSlackNotifier(api),
    groupMembers: createGroupMembersLookup(api),
    openInvestigations: async (cluster) =>
      (await store.listOpen(cluster)).map(({ subject, title, state, channel }) => ({
        subject,
        title,
        state,
        channel,
      })),
    playbooks: playbooks.map(({ name, summary }) => ({ name, summary })),
  };
}
