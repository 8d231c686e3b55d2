import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSlackApiServer, type SlackApiServer, type StoredMessage } from '@triage/chat/testing';
import { freePort } from '@triage/dev-services';
import { type Pipeline, startPipeline } from './pipeline.js';
import { SIGNING_SECRET } from './slack-person.js';

/** The pipeline on a scenario with the Slack app on a fake Slack Web API, and the config file it read. */
export interface SlackPipeline {
  slack: SlackApiServer;
  pipeline: Pipeline;
  configFile: string;
  close(): Promise<void>;
}

/** How the Slack app of the pipeline is set up. */
export interface SlackPipelineOptions {
  /** YAML lines under `gateway.slack`, beside the signing secret (rules, alertmanagerUrl), indented 4. */
  slackConfig?: string;
  /** The gateway's port, when something (an Alertmanager) must know it before the start. */
  port?: number;
  /** User groups the fake Slack answers for usergroups.users.list. */
  userGroups?: Record<string, string[]>;
}

/** Starts a fake Slack Web API and the pipeline on `scenario` with the Slack app on, alerts to C0ALERTS. */
export async function startSlackPipeline(
  scenario: string,
  options: SlackPipelineOptions = {},
): Promise<SlackPipeline> {
  const slack = await createSlackApiServer(
    options.userGroups ? { userGroups: options.userGroups } : undefined,
  );
  const configFile = join(mkdtempSync(join(tmpdir(), 'triage-slack-e2e-')), 'triage.yaml');
  writeFileSync(
    configFile,
    `gateway:\n  slack:\n    signingSecret: ${SIGNING_SECRET}\n${options.slackConfig ?? ''}`,
  );
  const pipeline = await startPipeline(
    scenario,
    {
      TRIAGE_PORT: String(options.port ?? (await freePort())),
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      TRIAGE_SLACK_API_URL: slack.url,
      TRIAGE_SLACK_CHANNEL: 'C0ALERTS',
    },
    undefined,
    configFile,
  ).catch(async (err: unknown) => {
    await slack.close();
    throw err;
  });
  return {
    slack,
    pipeline,
    configFile,
    async close() {
      await pipeline.close();
      await slack.close();
    },
  };
}

/** The Slack pipeline with a rule `fixers` that allows `apply-fix` to `fixers` (user IDs) only. */
export function startSlackFixPipeline(scenario: string, fixers: string[]): Promise<SlackPipeline> {
  return startSlackPipeline(scenario, {
    slackConfig: `    rules:\n      - name: fixers\n        users: [${fixers.join(', ')}]\n        allow: [apply-fix]\n`,
  });
}

/** An object as real kubectl reads it from the simulator (async: the simulator answers from this process). */
export async function kubectlGet(
  pipeline: Pipeline,
  namespace: string,
  resource: string,
  name: string,
): Promise<Record<string, unknown>> {
  const args = [
    '--kubeconfig',
    pipeline.sim.kubeconfigPath,
    '-n',
    namespace,
    'get',
    resource,
    name,
    '-o',
    'json',
  ];
  const { stdout } = await promisify(execFile)('kubectl', args);
  return JSON.parse(stdout) as Record<string, unknown>;
}

export type FixButton = { action_id: string; text: { text: string }; confirm?: { text: { text: string } } };

/** The Apply fix buttons on a message (the `triage_fixes` block). */
export const fixButtons = (message: StoredMessage): FixButton[] =>
  (message.blocks ?? [])
    .filter((b) => (b as { block_id?: string }).block_id === 'triage_fixes')
    .flatMap((b) => (b as { elements: FixButton[] }).elements);

/** The Apply fix button whose label contains `summary`. */
export const fixButton = (message: StoredMessage, summary: string): FixButton => {
  const button = fixButtons(message).find((b) => b.text.text.includes(summary));
  if (!button) throw new Error(`no Apply fix button for "${summary}"`);
  return button;
};

/** Every reply in the message's thread, one per line. */
export const threadText = (slack: SlackApiServer, message: StoredMessage): string =>
  slack
    .replies(message.channel, message.threadTs ?? '')
    .map((m) => m.text)
    .join('\n');
