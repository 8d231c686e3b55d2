import { z } from 'zod';

/** Actions a rule can allow: the `/triage` commands and the buttons on findings. */
export const slackActions = [
  'help',
  'node',
  'pdb',
  'dns',
  'tcp',
  'winlogs',
  'logs',
  'kql',
  'report',
  'status',
  'playbooks',
  'rerun',
  'trace',
  'silence',
  'close',
  'apply-fix',
] as const;
export type SlackAction = (typeof slackActions)[number];

/** Actions nobody may take unless a rule allows them: host access, raw queries, changes. */
export const privilegedActions: readonly SlackAction[] = ['winlogs', 'kql', 'silence', 'apply-fix'];

const slackId = (prefix: string, what: string) =>
  z.string().regex(new RegExp(`^${prefix}[A-Z0-9]{2,}$`), `must be a Slack ${what} ID (${prefix}…)`);

/**
 * One authorization rule: who (users, members of user groups) in which channels may take which actions.
 * A rule with neither users nor groups applies to everyone; one without channels applies everywhere.
 */
export const slackRuleSchema = z.strictObject({
  /** Named in denials, so people know whom to ask. */
  name: z.string().min(1).max(80),
  users: z.array(slackId('[UW]', 'user')).default([]),
  groups: z.array(slackId('S', 'user group')).default([]),
  channels: z.array(slackId('[CGD]', 'channel')).default([]),
  /** Actions allowed (`*`: every action, privileged ones included). */
  allow: z.array(z.enum([...slackActions, '*'])).min(1),
});
export type SlackRule = z.output<typeof slackRuleSchema>;

/**
 * The Slack app's settings: `SLACK_SIGNING_SECRET`, `SLACK_APP_TOKEN` (Socket Mode), the clusters
 * commands may name, authorization rules and the Alertmanager that silences go to.
 *
 * @example slackConfigSchema.parse({ signingSecret: 's', rules: [{ name: 'sre', groups: ['S0SRE'], allow: ['*'] }] })
 */
export const slackConfigSchema = z
  .strictObject({
    /** Signs every request Slack sends (app settings → Basic Information). Never logged. */
    signingSecret: z.string().min(1, 'must not be empty'),
    /** App-level token (`xapp-…`) with `connections:write`, for Socket Mode. */
    appToken: z
      .string()
      .regex(/^xapp-/, 'must be an app-level token (xapp-…)')
      .optional(),
    /** Receive commands and actions over Socket Mode instead of HTTP (clusters without ingress). */
    socketMode: z.boolean().default(false),
    /** Clusters `--cluster` may name; empty: only the gateway's default cluster. */
    clusters: z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)).default([]),
    /**
     * Non-privileged actions everyone may take everywhere unless `openToAll` is false; privileged ones
     * ({@link privilegedActions}) and, with `openToAll: false`, every action need a rule.
     */
    openToAll: z.boolean().default(true),
    rules: z.array(slackRuleSchema).default([]),
    /** Alertmanager base URL for silences (`http://alertmanager:9093`); without it the Silence button says so. */
    alertmanagerUrl: z.url().optional(),
  })
  .refine((c) => !c.socketMode || c.appToken, {
    message: 'socketMode needs appToken (SLACK_APP_TOKEN, xapp-…)',
    path: ['appToken'],
  });

export type SlackConfig = z.output<typeof slackConfigSchema>;
export type SlackConfigInput = z.input<typeof slackConfigSchema>;
