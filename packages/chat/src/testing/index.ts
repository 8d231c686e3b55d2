/**
 * Test support for `@triage/chat`: a local fake of the Slack Web API. Not on the production path.
 * @module
 */
export {
  createSlackApiServer,
  type RecordedCall,
  type SlackApiServer,
  type SlackApiServerOptions,
} from './slack-api-server.js';
export type { EphemeralMessage, StoredFile, StoredMessage } from './slack-workspace.js';
export { slackSignatureHeaders } from './slack-signature.js';
