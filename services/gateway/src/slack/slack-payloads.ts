import { z } from 'zod';

/**
 * A slash command as Slack POSTs it (`application/x-www-form-urlencoded`). Only the fields Triage uses
 * are required; the rest (token, team_domain, api_app_id, …) pass through unread.
 */
export const slashCommandSchema = z.object({
  command: z.string().min(1),
  text: z.string().max(4000).default(''),
  team_id: z.string().min(1),
  team_domain: z.string().optional(),
  channel_id: z.string().min(1),
  channel_name: z.string().optional(),
  user_id: z.string().min(1),
  user_name: z.string().optional(),
  response_url: z.string().optional(),
  trigger_id: z.string().min(1),
});
export type SlashCommand = z.infer<typeof slashCommandSchema>;

const blockAction = z.object({
  action_id: z.string().min(1),
  block_id: z.string().optional(),
  type: z.string(),
  /** Buttons carry `value`; selects carry `selected_option.value`. */
  value: z.string().optional(),
  selected_option: z.object({ value: z.string() }).optional(),
  action_ts: z.string().optional(),
});

/**
 * A `block_actions` interaction (a button or select on one of our messages), the JSON Slack sends
 * form-encoded as `payload=`. `container` says which message; `message.thread_ts` which thread.
 */
export const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  trigger_id: z.string().min(1),
  team: z.object({ id: z.string(), domain: z.string().optional() }),
  user: z.object({ id: z.string().min(1), username: z.string().optional(), name: z.string().optional() }),
  channel: z.object({ id: z.string().min(1), name: z.string().optional() }).optional(),
  container: z
    .object({
      type: z.string(),
      message_ts: z.string().optional(),
      channel_id: z.string().optional(),
      thread_ts: z.string().optional(),
    })
    .optional(),
  message: z.object({ ts: z.string(), thread_ts: z.string().optional() }).passthrough().optional(),
  response_url: z.string().optional(),
  actions: z.array(blockAction).min(1),
});
export type BlockActions = z.infer<typeof blockActionsSchema>;

/** Slack's Events API URL check (`{"type":"url_verification","challenge":…}`). */
export const urlVerificationSchema = z.object({
  type: z.literal('url_verification'),
  challenge: z.string().min(1).max(200),
});
