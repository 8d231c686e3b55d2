import { readFileSync } from 'node:fs';
import { commandUsage, SLACK_EVENTS_PATH } from '@triage/gateway';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const manifestText = readFileSync(new URL('../../../infra/slack/manifest.yaml', import.meta.url), 'utf8');

interface Manifest {
  features: {
    slash_commands: { command: string; url: string; usage_hint: string; should_escape: boolean }[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    interactivity: { is_enabled: boolean; request_url: string };
    event_subscriptions: { request_url: string };
    socket_mode_enabled: boolean;
  };
}

describe('infra/slack/manifest.yaml', () => {
  const manifest = parse(manifestText) as Manifest;

  it('is YAML with the one /triage command, whose usage hint names every subcommand', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/triage']);
    const [triage] = manifest.features.slash_commands;
    for (const subcommand of Object.keys(commandUsage)) expect(triage?.usage_hint).toContain(subcommand);
    expect(triage?.usage_hint).toContain('--cluster');
    expect(triage?.usage_hint.length).toBeLessThanOrEqual(1000);
  });

  it('sends commands, interactions and events to the gateway’s Slack endpoint', () => {
    const urls = [
      manifest.features.slash_commands[0]?.url,
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ];
    for (const url of urls) expect(new URL(url ?? '').pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('asks for the least bot scopes the app uses and no user scopes', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'chat:write',
      'commands',
      'files:write',
      'usergroups:read',
    ]);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });
});
