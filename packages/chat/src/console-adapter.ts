import type { Writable } from 'node:stream';
import type { ChatAdapter, ChatFile, ChatMessage, MessageRef } from './chat-adapter.js';
import { ChatError } from './errors.js';
import { createTsGenerator } from './slack-ts.js';
import { ansiStyle, messageLines, plainStyle } from './terminal-text.js';
import { createTranscriptWriter, type TranscriptEntry } from './transcript.js';

/** Options of {@link createConsoleAdapter}. */
export interface ConsoleAdapterOptions {
  /** Where threads are printed (default `process.stdout`). */
  out?: Writable;
  /** Also append every operation to this file as JSON lines (the CLI passes `TRIAGE_TRANSCRIPT`). */
  transcriptPath?: string;
  /** ANSI bold/dim (default: when `out` is a TTY). */
  color?: boolean;
  clock?: () => Date;
}

/**
 * A chat adapter for terminals, the demo and tests: prints threads readably (replies indented under
 * their thread, updates marked `↻ updated`, files as `📎 name (n bytes)`) and optionally writes a JSONL
 * transcript. Updates and replies to messages it never posted fail like Slack's `message_not_found`.
 *
 * @example const chat = createConsoleAdapter({ transcriptPath: env.TRIAGE_TRANSCRIPT });
 */
export function createConsoleAdapter(options: ConsoleAdapterOptions = {}): ChatAdapter {
  const out = options.out ?? process.stdout;
  const clock = options.clock ?? (() => new Date());
  const style = (options.color ?? (out as { isTTY?: boolean }).isTTY === true) ? ansiStyle : plainStyle;
  const nextTs = createTsGenerator(clock);
  const record = options.transcriptPath ? createTranscriptWriter(options.transcriptPath) : async () => {};
  /** Known messages: `channel ts` → the thread root's ts. */
  const threads = new Map<string, string>();

  const name = (channel: string) => `#${channel.replace(/^#/, '')}`;
  const print = (head: string, body: string[], indent: string) => {
    out.write(`${[head, ...body.map((line) => `${indent}${line}`)].join('\n')}\n`);
  };

  const threadOf = (ref: MessageRef, op: string): string => {
    const root = threads.get(`${ref.channel} ${ref.ts}`);
    if (root === undefined) {
      throw new ChatError(
        'TRIAGE_ERR_CHAT_MESSAGE_NOT_FOUND',
        `${op}: no message ${ref.ts} in ${ref.channel}`,
        {
          slackError: 'message_not_found',
        },
      );
    }
    return root;
  };

  const entry = (op: TranscriptEntry['op'], channel: string, ts: string, message: ChatMessage) => {
    const e: TranscriptEntry = { at: clock().toISOString(), op, channel, ts, text: message.text };
    if (message.blocks) e.blocks = message.blocks;
    if (message.findings) e.findings = message.findings;
    return e;
  };

  return {
    async post(channel, message) {
      const ts = nextTs();
      threads.set(`${channel} ${ts}`, ts);
      print(style.bold(`■ ${name(channel)} ${ts}`), messageLines(message, style), '  ');
      await record(entry('post', channel, ts, message));
      return { channel, ts };
    },

    async update(ref, message) {
      const root = threadOf(ref, 'update');
      const where = root === ref.ts ? '' : ` (thread ${root})`;
      print(
        style.bold(`↻ updated ${name(ref.channel)} ${ref.ts}${where}`),
        messageLines(message, style),
        '  ',
      );
      await record({
        ...entry('update', ref.channel, ref.ts, message),
        ...(root !== ref.ts && { threadTs: root }),
      });
    },

    async reply(parent, message) {
      const root = threadOf(parent, 'reply');
      const ts = nextTs();
      threads.set(`${parent.channel} ${ts}`, root);
      print(
        `  ↳ ${style.dim(`${name(parent.channel)} thread ${root} · ${ts}`)}`,
        messageLines(message, style),
        '    ',
      );
      await record({ ...entry('reply', parent.channel, ts, message), threadTs: root });
      return { channel: parent.channel, ts };
    },

    async upload(parent, file: ChatFile) {
      const root = threadOf(parent, 'upload');
      const ts = nextTs();
      threads.set(`${parent.channel} ${ts}`, root);
      const bytes = Buffer.byteLength(file.content);
      const title = file.title && file.title !== file.filename ? ` “${file.title}”` : '';
      print(
        `  📎 ${file.filename}${title} (${bytes} bytes) ${style.dim(`${name(parent.channel)} thread ${root}`)}`,
        [],
        '',
      );
      await record({
        at: clock().toISOString(),
        op: 'upload',
        channel: parent.channel,
        ts,
        threadTs: root,
        text: file.title ?? file.filename,
        filename: file.filename,
        bytes,
      });
    },
  };
}
