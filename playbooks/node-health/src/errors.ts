/** Error codes of @triage/playbook-node-health. */
export const nodeHealthErrorCodes = {
  /** The API returned a Node object without the fields every Node has (name, status shape). */
  malformedNode: 'TRIAGE_ERR_NODE_HEALTH_MALFORMED_NODE',
} as const;

export type NodeHealthErrorCode = (typeof nodeHealthErrorCodes)[keyof typeof nodeHealthErrorCodes];

/** A node-health failure that retrying will not fix. */
export class NodeHealthError extends Error {
  override readonly name = 'NodeHealthError';
  readonly code: NodeHealthErrorCode;

  constructor(code: NodeHealthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
