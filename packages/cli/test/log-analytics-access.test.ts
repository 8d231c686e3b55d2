import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogAnalyticsAccess } from '../src/log-analytics-access.js';

describe('Log Analytics access', () => {
  it('reads the workspace and endpoint from TRIAGE_LOG_ANALYTICS_WORKSPACE_ID and TRIAGE_LOG_ANALYTICS_ENDPOINT', () => {
    const config = loadConfig({
      env: {
        TRIAGE_LOG_ANALYTICS_WORKSPACE_ID: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
        TRIAGE_LOG_ANALYTICS_ENDPOINT: 'https://api.loganalytics.azure.cn/v1',
      },
    });
    expect(config.logAnalytics).toEqual({
      workspaceId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      endpoint: 'https://api.loganalytics.azure.cn/v1',
    });
  });

  it('refuses an endpoint that is not a URL, naming the key', () => {
    expect(() => loadConfig({ env: { TRIAGE_LOG_ANALYTICS_ENDPOINT: 'not a url' } })).toThrow(
      /logAnalytics\.endpoint/,
    );
  });

  it('gives playbooks no logs client without a workspace, and one with', () => {
    expect(createLogAnalyticsAccess(loadConfig({ env: {} }).logAnalytics)).toEqual({});
    const access = createLogAnalyticsAccess({ workspaceId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' });
    expect(typeof access.logs?.query).toBe('function');
  });
});
