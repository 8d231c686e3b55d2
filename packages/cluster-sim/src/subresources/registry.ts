import { upgradeRequiredHandler } from './channel-socket.js';
import { podAttachUpgradeHandler } from './pod-attach.js';
import { podEvictionHandler } from './pod-eviction.js';
import { podExecUpgradeHandler } from './pod-exec.js';
import { podLogsHandler } from './pod-logs.js';
import type { SubresourceHandlers } from './types.js';

/**
 * The pod subresource handlers the API server dispatches to. Requests for names not listed here
 * answer 404 NotFound. Add handlers with one line each.
 */
export const subresourceHandlers: SubresourceHandlers = {
  http: {
    log: podLogsHandler,
    eviction: podEvictionHandler,
    exec: upgradeRequiredHandler,
    attach: upgradeRequiredHandler,
  },
  upgrade: { exec: podExecUpgradeHandler, attach: podAttachUpgradeHandler },
};
