import type { Signal } from '@triage/core';
import type { FastifyInstance } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import { createActionHandler } from './action-handler.js';
import type { Silencer } from './alertmanager-silencer.js';
import type { AuditTrail } from './audit-trail.js';
import { cachedGroupMembers, type GroupMembers } from './authorize.js';
import { createCommandHandler, type OpenInvestigation } from './command-handler.js';
import type { SlackConfig } from './slack-config.js';
import type { SlackNotifier } from './slack-notifier.js';
import { registerSlackRoutes } from './slack-routes.js';
import { createSignatureVerifier } from './verify-slack-signature.js';

/** What the Slack app needs besides its config; the CLI builds these from the environment. */
export interface SlackAppDeps {
  audit: AuditTrail;
  notifier: SlackNotifier;
  /** Members of a user group (`usergroups.users.list`); cached here for 5 minutes. */
  groupMembers: GroupMembers;
  /** Open investigations of a cluster, for `/triage status`. */
  openInvestigations?: (cluster: string) => Promise<OpenInvestigation[]>;
  /** Names and summaries for `/triage playbooks`. */
  playbooks: readonly { name: string; summary: string }[];
  /** Alertmanager silences; default: from `slack.alertmanagerUrl`, when set. */
  silencer?: Silencer;
}

/** The command and action handlers, shared by the HTTP route and Socket Mode. */
export interface SlackHandlers {
  handleCommand: ReturnType<typeof createCommandHandler>;
  handleActions: ReturnType<typeof createActionHandler>;
}

/** Builds the handlers over an enqueue function (the gateway's bounded intake). */
export function createSlackHandlers(options: {
  config: SlackConfig;
  defaultCluster: string;
  deps: SlackAppDeps;
  enqueue(signals: Signal[]): Promise<void>;
  clock: () => Date;
  log?: { warn(obj: object, msg: string): void };
}): SlackHandlers {
  const { config, deps, clock } = options;
  const members = cachedGroupMembers(deps.groupMembers, clock);
  return {
    handleCommand: createCommandHandler({
      config,
      defaultCluster: options.defaultCluster,
      enqueue: options.enqueue,
      audit: deps.audit,
      members,
      playbooks: deps.playbooks,
      clock,
      ...(deps.openInvestigations ? { openInvestigations: deps.openInvestigations } : {}),
    }),
    handleActions: createActionHandler({
      config,
      enqueue: options.enqueue,
      audit: deps.audit,
      members,
      notifier: deps.notifier,
      clock,
      ...(deps.silencer ? { silencer: deps.silencer } : {}),
      ...(options.log ? { log: options.log } : {}),
    }),
  };
}

/**
 * Serves the Slack app on `POST /slack/events` (unless Socket Mode is on, when only the handlers are built)
 * and registers `triage_slack_rejected_requests_total{reason}`.
 */
export function registerSlackApp(
  app: FastifyInstance,
  options: { config: SlackConfig; handlers: SlackHandlers; registry: Registry; clock: () => Date },
): void {
  const rejected = new Counter({
    name: 'triage_slack_rejected_requests_total',
    help: 'Requests to /slack/events refused for their signature (unsigned, stale, forged, replayed).',
    labelNames: ['reason'] as const,
    registers: [options.registry],
  });
  for (const reason of ['unsigned', 'stale', 'forged', 'replayed']) rejected.inc({ reason }, 0);
  registerSlackRoutes(app, {
    verify: createSignatureVerifier(options.config.signingSecret, options.clock),
    ...options.handlers,
    rejected,
  });
}
