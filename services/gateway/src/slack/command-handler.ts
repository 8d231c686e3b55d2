import type { Signal } from '@triage/core';
import type { AuditEntry, AuditTrail } from './audit-trail.js';
import { authorize, type GroupMembers } from './authorize.js';
import { escapeMrkdwn } from '@triage/chat';
import { helpText, type PlaybookCommand, parseCommand, usageFor } from './parse-command.js';
import type { SlackConfig } from './slack-config.js';
import type { SlashCommand } from './slack-payloads.js';

/** What Slack shows for a command: the HTTP answer body (ephemeral unless said otherwise). */
export interface SlackReply {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
}

/** An open investigation as `/triage status` lists it. */
export interface OpenInvestigation {
  subject: string;
  title: string;
  state: string;
  channel: string;
}

/** What the command handler needs; everything is injected. */
export interface CommandHandlerDeps {
  config: SlackConfig;
  defaultCluster: string;
  /** Stores signals durably; rejects when the queue is unavailable. */
  enqueue(signals: Signal[]): Promise<void>;
  audit: AuditTrail;
  members: GroupMembers;
  /** Open investigations of a cluster (the runner's investigation store); absent: status says it cannot tell. */
  openInvestigations?: (cluster: string) => Promise<OpenInvestigation[]>;
  /** Playbook names and summaries for `/triage playbooks`. */
  playbooks: readonly { name: string; summary: string }[];
  clock: () => Date;
}

const ephemeral = (text: string): SlackReply => ({ response_type: 'ephemeral', text });

/** The signal a playbook command becomes: source slack, the playbook, its params, the channel and who asked. */
export function commandSignal(
  command: PlaybookCommand,
  body: SlashCommand,
  cluster: string,
  now: Date,
): Signal {
  return {
    source: 'slack',
    // trigger_id is unique per invocation: two identical commands are two runs.
    key: `slack:${body.trigger_id}`,
    status: 'firing',
    name: `triage ${command.action}`,
    cluster,
    labels: command.labels,
    annotations: { command: `${body.command} ${body.text}`.trim().slice(0, 2000) },
    startsAt: now.toISOString(),
    playbook: command.playbook,
    params: command.params,
    channel: body.channel_id,
    requestedBy: body.user_id,
  };
}

/**
 * Handles a verified `/triage …`: parse and validate, authorize, answer info commands, enqueue playbook
 * runs. Every outcome is audited. Answers are what the HTTP response (the ack) carries, so it stays
 * within Slack's 3 s: the only wait is the enqueue, which the caller bounds.
 */
export function createCommandHandler(deps: CommandHandlerDeps) {
  const knownClusters = new Set([deps.defaultCluster, ...deps.config.clusters]);

  return async function handleCommand(body: SlashCommand): Promise<SlackReply> {
    const base = {
      at: deps.clock().toISOString(),
      user: body.user_id,
      channel: body.channel_id,
      via: 'command' as const,
    };
    const audit = (entry: Omit<AuditEntry, keyof typeof base>) => deps.audit.record({ ...base, ...entry });
    const parsed = parseCommand(body.text);
    if (!parsed.ok) {
      await audit({
        action: 'invalid',
        params: { text: body.text.slice(0, 500) },
        outcome: 'invalid',
        detail: parsed.error,
      });
      return ephemeral(`:warning: ${parsed.error}\n${usageFor(body.text)}`);
    }
    const { command } = parsed;
    const cluster = command.cluster ?? deps.defaultCluster;
    const params = command.kind === 'playbook' ? command.params : {};
    if (!knownClusters.has(cluster)) {
      await audit({ action: command.action, params, cluster, outcome: 'invalid', detail: 'unknown cluster' });
      return ephemeral(
        `:warning: unknown cluster \`${cluster}\`; known: ${[...knownClusters].map((c) => `\`${c}\``).join(', ')}`,
      );
    }
    const decision = await authorize(
      deps.config,
      command.action,
      { user: body.user_id, channel: body.channel_id },
      deps.members,
    );
    if (!decision.allowed) {
      await audit({
        action: command.action,
        params,
        cluster,
        outcome: 'denied',
        rule: decision.rule,
        detail: decision.reason,
      });
      return ephemeral(`:no_entry: Not allowed (rule \`${decision.rule}\`): ${decision.reason}`);
    }
    if (command.kind === 'info') {
      const text = await answerInfo(command.action, cluster, deps);
      await audit({ action: command.action, params, cluster, outcome: 'answered', rule: decision.rule });
      return ephemeral(text);
    }
    try {
      await deps.enqueue([commandSignal(command, body, cluster, deps.clock())]);
    } catch {
      await audit({
        action: command.action,
        params,
        cluster,
        outcome: 'failed',
        rule: decision.rule,
        detail: 'queue unavailable',
      });
      return ephemeral(
        ':x: The Triage queue is unavailable right now; nothing was started. Try again in a minute.',
      );
    }
    await audit({ action: command.action, params, cluster, outcome: 'queued', rule: decision.rule });
    return ephemeral(
      `:hourglass_flowing_sand: Queued \`${command.playbook}\` on cluster \`${cluster}\`; results will arrive in a thread.`,
    );
  };
}

async function answerInfo(
  action: 'help' | 'status' | 'playbooks',
  cluster: string,
  deps: CommandHandlerDeps,
): Promise<string> {
  if (action === 'help') return helpText();
  if (action === 'playbooks')
    return ['*Playbooks*', ...deps.playbooks.map((p) => `• \`${p.name}\` — ${p.summary}`)].join('\n');
  if (!deps.openInvestigations) return 'This gateway cannot read investigations (no store configured).';
  const open = await deps.openInvestigations(cluster);
  if (open.length === 0) return `No open investigations on cluster \`${cluster}\`.`;
  const shown = open
    .slice(0, 30)
    .map(
      (i) =>
        `• \`${escapeMrkdwn(i.subject)}\` — ${escapeMrkdwn(i.title)} (${i.state}) in ${channelLink(i.channel)}`,
    );
  const more = open.length > shown.length ? [`…and ${open.length - shown.length} more`] : [];
  return [`*Open investigations on \`${cluster}\`* (${open.length})`, ...shown, ...more].join('\n');
}

/** `<#C123>` for a channel ID (Slack renders its name), the text itself for a `#name`. */
function channelLink(channel: string): string {
  return /^[CG][A-Z0-9]+$/.test(channel) ? `<#${channel}>` : escapeMrkdwn(channel);
}
