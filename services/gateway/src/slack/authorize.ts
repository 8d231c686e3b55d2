import { privilegedActions, type SlackAction, type SlackConfig, type SlackRule } from './slack-config.js';

/** Who asks, and where. */
export interface Requester {
  user: string;
  channel: string;
}

/** The verdict, naming the rule that decided it (shown in denials, written to the audit trail). */
export interface Decision {
  allowed: boolean;
  rule: string;
  /** For a denial: what to tell the person. */
  reason?: string;
}

/** Members of a Slack user group (`usergroups.users.list`); the caller caches. */
export type GroupMembers = (groupId: string) => Promise<readonly string[]>;

async function matches(rule: SlackRule, who: Requester, members: GroupMembers): Promise<boolean> {
  if (rule.channels.length > 0 && !rule.channels.includes(who.channel)) return false;
  if (rule.users.length === 0 && rule.groups.length === 0) return true;
  if (rule.users.includes(who.user)) return true;
  for (const group of rule.groups) if ((await members(group)).includes(who.user)) return true;
  return false;
}

/**
 * Decides whether `who` may take `action`. A rule that matches the person and channel and lists the
 * action allows it; otherwise non-privileged actions are open to all (unless `openToAll` is false) and
 * privileged ones ({@link privilegedActions}) are denied.
 *
 * @example await authorize(config, 'kql', { user: 'U1', channel: 'C1' }, members) // { allowed: false, rule: 'privileged', … }
 */
export async function authorize(
  config: Pick<SlackConfig, 'rules' | 'openToAll'>,
  action: SlackAction,
  who: Requester,
  members: GroupMembers,
): Promise<Decision> {
  for (const rule of config.rules) {
    const lists = rule.allow.includes(action) || rule.allow.includes('*');
    if (lists && (await matches(rule, who, members))) return { allowed: true, rule: rule.name };
  }
  const named = config.rules
    .filter((r) => r.allow.includes(action) || r.allow.includes('*'))
    .map((r) => `"${r.name}"`);
  const ask = named.length > 0 ? ` Rules that allow it: ${named.join(', ')}.` : ' No rule allows it yet.';
  if (privilegedActions.includes(action))
    return {
      allowed: false,
      rule: 'privileged',
      reason: `\`${action}\` is privileged: it needs a rule in slack.rules that includes you in this channel.${ask}`,
    };
  if (config.openToAll) return { allowed: true, rule: 'open-to-all' };
  return {
    allowed: false,
    rule: 'closed',
    reason: `\`${action}\` needs a rule in slack.rules that includes you in this channel (openToAll is off).${ask}`,
  };
}

/**
 * Caches group membership for `ttlMs` (default 5 min): `usergroups.users.list` is Tier 2 (20/min).
 * A lookup that fails counts as "not a member" (denied, never wrongly allowed) and is not cached.
 */
export function cachedGroupMembers(fetch: GroupMembers, clock: () => Date, ttlMs = 300_000): GroupMembers {
  const cache = new Map<string, { members: readonly string[]; until: number }>();
  return async (groupId) => {
    const hit = cache.get(groupId);
    if (hit && hit.until > clock().getTime()) return hit.members;
    try {
      const members = await fetch(groupId);
      cache.set(groupId, { members, until: clock().getTime() + ttlMs });
      return members;
    } catch {
      return [];
    }
  };
}
