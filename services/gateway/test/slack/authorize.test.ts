import { describe, expect, it } from 'vitest';
import { authorize, cachedGroupMembers } from '../../src/slack/authorize.js';
import { slackConfigSchema } from '../../src/slack/slack-config.js';

const config = slackConfigSchema.parse({
  signingSecret: 's',
  rules: [
    { name: 'sre-windows', groups: ['S0SRE'], channels: ['C0OPS'], allow: ['winlogs', 'silence'] },
    { name: 'kql-analysts', users: ['U0KATE'], allow: ['kql'] },
    { name: 'admins', users: ['U0ROOT'], allow: ['*'] },
  ],
});
const members = async (group: string) => (group === 'S0SRE' ? ['U0BOB'] : []);

describe('authorize', () => {
  it('lets everyone run non-privileged commands everywhere by default', async () => {
    expect(await authorize(config, 'node', { user: 'U0ANY', channel: 'C0ANY' }, members)).toEqual({
      allowed: true,
      rule: 'open-to-all',
    });
  });

  it('denies privileged actions without a matching rule, naming the rule and those that would allow it', async () => {
    const decision = await authorize(config, 'winlogs', { user: 'U0ANY', channel: 'C0OPS' }, members);
    expect(decision).toMatchObject({ allowed: false, rule: 'privileged' });
    expect(decision.reason).toContain('"sre-windows"');
    expect(decision.reason).toContain('"admins"');
  });

  it('allows a privileged action to a member of a listed group, only in the rule’s channels', async () => {
    expect(await authorize(config, 'winlogs', { user: 'U0BOB', channel: 'C0OPS' }, members)).toEqual({
      allowed: true,
      rule: 'sre-windows',
    });
    expect((await authorize(config, 'winlogs', { user: 'U0BOB', channel: 'C0DEV' }, members)).allowed).toBe(
      false,
    );
    expect((await authorize(config, 'kql', { user: 'U0BOB', channel: 'C0OPS' }, members)).allowed).toBe(
      false,
    );
  });

  it('allows every action to a user of a * rule and a listed action to a listed user', async () => {
    expect(await authorize(config, 'apply-fix', { user: 'U0ROOT', channel: 'C0DEV' }, members)).toEqual({
      allowed: true,
      rule: 'admins',
    });
    expect(await authorize(config, 'kql', { user: 'U0KATE', channel: 'C0DEV' }, members)).toEqual({
      allowed: true,
      rule: 'kql-analysts',
    });
  });

  it('requires a rule for every action when openToAll is off', async () => {
    const closed = { ...config, openToAll: false };
    expect(await authorize(closed, 'node', { user: 'U0ANY', channel: 'C0OPS' }, members)).toMatchObject({
      allowed: false,
      rule: 'closed',
    });
    expect((await authorize(closed, 'node', { user: 'U0ROOT', channel: 'C0OPS' }, members)).allowed).toBe(
      true,
    );
  });
});

describe('cachedGroupMembers', () => {
  it('asks Slack once per group within the TTL, and treats a failed lookup as no members without caching it', async () => {
    let calls = 0;
    let now = 0;
    let fail = true;
    const members = cachedGroupMembers(
      async () => {
        calls += 1;
        if (fail) throw new Error('ratelimited');
        return ['U1'];
      },
      () => new Date(now),
      1000,
    );
    expect(await members('S1')).toEqual([]);
    fail = false;
    expect(await members('S1')).toEqual(['U1']);
    expect(await members('S1')).toEqual(['U1']);
    expect(calls).toBe(2);
    now = 2000;
    await members('S1');
    expect(calls).toBe(3);
  });
});

describe('slackConfigSchema', () => {
  it('refuses Socket Mode without an app token, a bot token as app token, and ids that are not Slack ids', () => {
    expect(slackConfigSchema.safeParse({ signingSecret: 's', socketMode: true }).success).toBe(false);
    expect(slackConfigSchema.safeParse({ signingSecret: 's', appToken: 'xoxb-1' }).success).toBe(false);
    expect(
      slackConfigSchema.safeParse({ signingSecret: 's', socketMode: true, appToken: 'xapp-1-A-1-x' }).success,
    ).toBe(true);
    expect(
      slackConfigSchema.safeParse({
        signingSecret: 's',
        rules: [{ name: 'r', users: ['alice'], allow: ['kql'] }],
      }).success,
    ).toBe(false);
    expect(slackConfigSchema.safeParse({ signingSecret: '' }).success).toBe(false);
  });
});
