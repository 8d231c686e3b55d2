import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Finding } from '@triage/core';
import type { SlackBlock } from './chat-adapter.js';

/** One chat operation as the console adapter records it: one JSON object per line. */
export interface TranscriptEntry {
  /** ISO 8601 time of the operation. */
  at: string;
  op: 'post' | 'update' | 'reply' | 'upload';
  channel: string;
  /** The message's ts (for an upload: the ts of the file's message in the thread). */
  ts: string;
  /** The thread's root ts, for replies and uploads. */
  threadTs?: string;
  /** Message text, or the file's title for uploads. */
  text: string;
  blocks?: SlackBlock[];
  findings?: Finding[];
  filename?: string;
  bytes?: number;
}

/** Appends entries to a JSONL file (creating its folder), one write per entry, in call order. */
export function createTranscriptWriter(path: string): (entry: TranscriptEntry) => Promise<void> {
  let tail: Promise<unknown> | undefined;
  return (entry) => {
    // The folder is made on first use; if that fails, appendFile reports the path.
    const previous = tail ?? mkdir(dirname(path), { recursive: true }).catch(() => undefined);
    const write = previous.then(() => appendFile(path, `${JSON.stringify(entry)}\n`, 'utf8'));
    tail = write.catch(() => undefined);
    return write;
  };
}

/** Reads a transcript written by the console adapter; throws naming the first line that is not JSON. */
export async function readTranscript(path: string): Promise<TranscriptEntry[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as TranscriptEntry;
      } catch (error) {
        throw new Error(`transcript ${path} line ${i + 1} is not JSON`, { cause: error });
      }
    });
}
