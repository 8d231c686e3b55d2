import type { SlackBlock } from '../chat-adapter.js';
import { checkMessageLimits, slackLimits } from '../slack-limits.js';
import { createTsGenerator } from '../slack-ts.js';

/** A message as the fake workspace holds it. */
export interface StoredMessage {
  channel: string;
  ts: string;
  /** The thread's root ts, for replies (and files shared into a thread). */
  threadTs?: string;
  text: string;
  blocks?: SlackBlock[];
  /** Ids of files shared by this message (files.completeUploadExternal). */
  files?: string[];
  /** How many times chat.update changed it. */
  edits: number;
}

/** A file uploaded through the upload URL flow. */
export interface StoredFile {
  id: string;
  filename: string;
  title?: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  /** The bytes received at the upload URL, once they arrived. */
  bytes?: Buffer;
  /** Where files.completeUploadExternal shared it. */
  channel?: string;
  threadTs?: string;
  completed: boolean;
}

/** A message only one user sees (chat.postEphemeral); Slack keeps no copy, the fake does for tests. */
export interface EphemeralMessage {
  channel: string;
  user: string;
  text: string;
  threadTs?: string;
}

/** An `ok: false` answer. */
export class SlackApiFailure extends Error {
  constructor(readonly error: string) {
    super(error);
  }
}

/** The fake workspace's address, as auth.test and chat.getPermalink answer it. */
const workspaceUrl = 'https://triage-test.slack.com/';

export type MethodHandler = (params: Record<string, unknown>, origin: string) => Record<string, unknown>;

/**
 * The state behind the test server: channels, messages, threads and files, and a handler per Web API
 * method. Stricter than Slack where strictness catches our bugs: a `thread_ts` or update `ts` must name
 * an existing message, and blocks are checked against the documented limits.
 */
export function createSlackWorkspace(
  options: {
    channels?: readonly string[];
    channelNames?: Readonly<Record<string, string>>;
    /** User group IDs and their members' user IDs (usergroups.users.list). */
    userGroups?: Readonly<Record<string, readonly string[]>>;
    clock?: () => Date;
  } = {},
) {
  const nextTs = createTsGenerator(options.clock);
  const messages: StoredMessage[] = [];
  const files = new Map<string, StoredFile>();
  const ephemerals: EphemeralMessage[] = [];
  let fileCounter = 0;

  const channelOf = (params: Record<string, unknown>, field = 'channel'): string => {
    const given = params[field];
    if (typeof given !== 'string' || given === '') throw new SlackApiFailure('channel_not_found');
    // Like Slack, `#name` works where a channel id does, and answers carry the id.
    const channel = given.startsWith('#') ? options.channelNames?.[given.slice(1)] : given;
    if (channel === undefined) throw new SlackApiFailure('channel_not_found');
    if (options.channels && !options.channels.includes(channel))
      throw new SlackApiFailure('channel_not_found');
    return channel;
  };
  const find = (channel: string, ts: unknown) => messages.find((m) => m.channel === channel && m.ts === ts);
  const threadRoot = (channel: string, threadTs: unknown): string | undefined => {
    if (threadTs === undefined || threadTs === '') return undefined;
    const parent = find(channel, threadTs);
    if (!parent) throw new SlackApiFailure('thread_not_found');
    return parent.threadTs ?? parent.ts;
  };
  const content = (params: Record<string, unknown>) => {
    const text = typeof params.text === 'string' ? params.text : '';
    const blocks = parseJson(params.blocks, 'invalid_blocks_format');
    if (blocks !== undefined && !Array.isArray(blocks)) throw new SlackApiFailure('invalid_blocks_format');
    if (text === '' && (blocks === undefined || blocks.length === 0)) throw new SlackApiFailure('no_text');
    if (text.length > slackLimits.maxText) throw new SlackApiFailure('msg_too_long');
    if (blocks) {
      const problems = checkMessageLimits({ text: '', blocks: blocks as SlackBlock[] }, 13_000);
      if (problems.some((p) => p.startsWith('block') || p.includes('blocks >')))
        throw new SlackApiFailure('invalid_blocks');
      if (problems.length > 0) throw new SlackApiFailure('msg_blocks_too_long');
    }
    return { text, blocks: blocks as SlackBlock[] | undefined };
  };

  const handlers: Record<string, MethodHandler> = {
    'auth.test': () => ({
      url: workspaceUrl,
      team: 'Triage Test',
      team_id: 'T0TEST',
      user: 'triage',
      user_id: 'U0TRIAGE',
      bot_id: 'B0TRIAGE',
    }),

    'chat.postMessage': (params) => {
      const channel = channelOf(params);
      const threadTs = threadRoot(channel, params.thread_ts);
      const { text, blocks } = content(params);
      const message: StoredMessage = { channel, ts: nextTs(), text, edits: 0 };
      if (threadTs) message.threadTs = threadTs;
      if (blocks) message.blocks = blocks;
      messages.push(message);
      return {
        channel,
        ts: message.ts,
        message: { type: 'message', text, ts: message.ts, thread_ts: threadTs, blocks, bot_id: 'B0TRIAGE' },
      };
    },

    'chat.postEphemeral': (params) => {
      const channel = channelOf(params);
      if (typeof params.user !== 'string' || params.user === '')
        throw new SlackApiFailure('user_not_in_channel');
      const threadTs = threadRoot(channel, params.thread_ts);
      const { text } = content(params);
      ephemerals.push({ channel, user: params.user, text, ...(threadTs ? { threadTs } : {}) });
      return { message_ts: nextTs() };
    },

    'usergroups.users.list': (params) => {
      const members = options.userGroups?.[String(params.usergroup)];
      if (!members) throw new SlackApiFailure('no_such_subteam');
      return { users: [...members] };
    },

    'chat.update': (params) => {
      const channel = channelOf(params);
      const message = find(channel, params.ts);
      if (!message) throw new SlackApiFailure('message_not_found');
      const { text, blocks } = content(params);
      message.text = text;
      if (blocks) message.blocks = blocks;
      else delete message.blocks;
      message.edits += 1;
      return { channel, ts: message.ts, text, message: { text, blocks } };
    },

    'chat.getPermalink': (params) => {
      const channel = channelOf(params);
      const message = find(channel, params.message_ts);
      if (!message) throw new SlackApiFailure('message_not_found');
      const thread = message.threadTs ? `?thread_ts=${message.threadTs}&cid=${channel}` : '';
      return {
        channel,
        permalink: `${workspaceUrl}archives/${channel}/p${message.ts.replace('.', '')}${thread}`,
      };
    },

    'files.getUploadURLExternal': (params, origin) => {
      const length = Number(params.length);
      if (
        typeof params.filename !== 'string' ||
        params.filename === '' ||
        !Number.isInteger(length) ||
        length <= 0
      ) {
        throw new SlackApiFailure('invalid_arguments');
      }
      fileCounter += 1;
      const id = `F${String(fileCounter).padStart(8, '0')}`;
      files.set(id, { id, filename: params.filename, length, completed: false });
      return { upload_url: `${origin}/upload/${id}`, file_id: id };
    },

    'files.completeUploadExternal': (params) => {
      const list = parseJson(params.files, 'invalid_arguments');
      if (!Array.isArray(list) || list.length === 0) throw new SlackApiFailure('invalid_arguments');
      const entries = list.map((item: { id?: unknown; title?: unknown }) => {
        const file = files.get(String(item?.id));
        if (!file?.bytes) throw new SlackApiFailure('file_not_found');
        return { file, title: typeof item.title === 'string' ? item.title : undefined };
      });
      const channel = params.channel_id === undefined ? undefined : channelOf(params, 'channel_id');
      if (params.thread_ts !== undefined && !channel) throw new SlackApiFailure('invalid_arguments');
      const threadTs = channel ? threadRoot(channel, params.thread_ts) : undefined;
      for (const { file, title } of entries) {
        file.completed = true;
        if (title) file.title = title;
        if (channel) file.channel = channel;
        if (threadTs) file.threadTs = threadTs;
      }
      if (channel) {
        const message: StoredMessage = {
          channel,
          ts: nextTs(),
          text: typeof params.initial_comment === 'string' ? params.initial_comment : '',
          files: entries.map(({ file }) => file.id),
          edits: 0,
        };
        if (threadTs) message.threadTs = threadTs;
        messages.push(message);
      }
      return {
        files: entries.map(({ file }) => ({
          id: file.id,
          name: file.filename,
          title: file.title ?? file.filename,
          size: file.bytes?.length,
        })),
      };
    },
  };

  return {
    handlers,
    messages,
    ephemerals,
    files,
    /** Stores bytes for an upload URL; false when no such upload was requested. */
    receiveUpload(id: string, bytes: Buffer): boolean {
      const file = files.get(id);
      if (!file) return false;
      file.bytes = bytes;
      return true;
    },
  };
}

/** Form bodies carry JSON fields as strings; JSON bodies carry them as values. */
function parseJson(value: unknown, error: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new SlackApiFailure(error);
  }
}
