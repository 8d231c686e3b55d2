import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { formatAuditEntry } from '../src/commands/audit-command.js';
import { loadConfig } from '../src/config.js';
import { CliError } from '../src/errors.js';
import { withSocketMode } from '../src/run-cli.js';
import { createSlackAppAccess } from '../src/slack-access.js';

const slackEnv = {
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'shh',
  TRIAGE_SLACK_ALERTMANAGER_URL: 'http://alertmanager:9093',
};

describe('Slack app configuration', () => {
  it('turns the Slack app on from SLACK_SIGNING_SECRET, with the controls under findings', () => {
    const config = loadConfig({ env: slackEnv });
    expect(config.gateway.slack).toMatchObject({
      signingSecret: 'shh',
      alertmanagerUrl: 'http://alertmanager:9093',
      socketMode: false,
    });
    expect(config.runner.chatActions).toBe(true);
    expect(loadConfig({ env: {} }).gateway.slack).toBeUndefined();
    expect(loadConfig({ env: {} }).runner.chatActions).toBe(false);
  });

  it('refuses --socket-mode without SLACK_APP_TOKEN and a bot token where an app token belongs', () => {
    expect(() => withSocketMode(loadConfig({ env: slackEnv }))).toThrow(/SLACK_APP_TOKEN/);
    expect(() => loadConfig({ env: { ...slackEnv, SLACK_APP_TOKEN: 'xoxb-2' } })).toThrow(
      /appToken: must be an app-level token/,
    );
    const socket = withSocketMode(loadConfig({ env: { ...slackEnv, SLACK_APP_TOKEN: 'xapp-1-A-1-x' } }));
    expect(socket.gateway.slack).toMatchObject({ socketMode: true, appToken: 'xapp-1-A-1-x' });
  });

  it('needs the bot token to answer commands and buttons', () => {
    const config = loadConfig({ env: { SLACK_SIGNING_SECRET: 'shh' } });
    expect(() => createSlackAppAccess(config, {} as never, pino({ level: 'silent' }))).toThrow(CliError);
    expect(
      createSlackAppAccess(loadConfig({ env: {} }), {} as never, pino({ level: 'silent' })),
    ).toBeUndefined();
  });
});

describe('formatAuditEntry', () => {
  it('prints time, outcome, who, where, what, params, cluster, rule and detail on one line', () => {
    const line = formatAuditEntry({
      at: '2026-11-22T15:00:00.000Z',
      user: 'U0MALLORY',
      channel: 'C0OPS',
      via: 'command',
      action: 'kql',
      params: { kql: 'T | take 1' },
      cluster: 'prod',
      outcome: 'denied',
      rule: 'privileged',
      detail: '`kql` is privileged',
    });
    expect(line).toBe(
      '2026-11-22T15:00:00.000Z denied   U0MALLORY in C0OPS command kql {"kql":"T | take 1"} cluster=prod rule=privileged — `kql` is privileged',
    );
  });
});
