import type { Severity } from '@triage/core';

/** Emoji per severity, shared by headline and findings. */
export const severityEmoji: Readonly<Record<Severity, string>> = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
  ok: ':large_green_circle:',
};
