export { type HeadlineState, type HeadlineView, renderHeadline, renderProgress } from './block-kit.js';
export type { ChatAdapter, ChatFile, ChatMessage, MessageRef, SlackBlock } from './chat-adapter.js';
export { type ConsoleAdapterOptions, createConsoleAdapter } from './console-adapter.js';
export { ChatError, type ChatErrorCode, isRetryableChatError } from './errors.js';
export {
  APPLY_FIX_ACTION,
  type ApplyFixValue,
  MAX_OFFERED_FIXES,
  type OfferedFix,
  patchCommand,
} from './fix-buttons.js';
export { escapeMrkdwn } from './mrkdwn.js';
export { REDACTED, redact, redactFinding } from './redact.js';
export { type RenderedFindings, type RenderFindingsOptions, renderFindings } from './render-findings.js';
export { createSlackAdapter, type SlackAdapterOptions, slackLogger } from './slack-adapter.js';
export { checkMessageLimits, slackLimits } from './slack-limits.js';
export { readTranscript, type TranscriptEntry } from './transcript.js';
export {
  type ActionValue,
  type FindingActionsContext,
  findingActionIds,
  renderFindingActions,
  type SilenceValue,
  silenceDurations,
} from './finding-actions.js';
