import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const file = (yaml: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'triage.yaml');
  writeFileSync(path, yaml);
  return path;
};

describe('loadConfig', () => {
  it('gives working defaults with no file and no environment', () => {
    const config = loadConfig({ env: {} });
    expect(config).toMatchObject({
      cluster: 'default',
      redis: { url: 'redis://127.0.0.1:6379' },
      gateway: { port: 8080 },
      chat: { adapter: 'console' },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lets the documented environment variables override the file', () => {
    const config = loadConfig({
      file: file('cluster: from-file\ngateway:\n  port: 9000\nrunner:\n  dedupeWindowSeconds: 60\n'),
      env: {
        TRIAGE_CLUSTER: 'aks-prod',
        REDIS_URL: 'redis://redis:6379',
        TRIAGE_PORT: '8181',
        TRIAGE_ALERTMANAGER_TOKEN: 'am-token',
        TRIAGE_AZURE_MONITOR_TOKEN: 'az-token',
        TRIAGE_TRANSCRIPT: '/tmp/t.jsonl',
        SLACK_BOT_TOKEN: 'xoxb-1',
        TRIAGE_SLACK_CHANNEL: '#incidents',
      },
    });
    expect(config.cluster).toBe('aks-prod');
    expect(config.gateway).toMatchObject({
      port: 8181,
      defaultCluster: 'aks-prod',
      auth: { alertmanager: { bearerToken: 'am-token' }, azureMonitor: { token: 'az-token' } },
    });
    expect(config.redis.url).toBe('redis://redis:6379');
    expect(config.runner).toMatchObject({ channel: '#incidents', dedupeWindowSeconds: 60 });
    expect(config.chat).toMatchObject({
      adapter: 'slack',
      transcript: '/tmp/t.jsonl',
      slack: { token: 'xoxb-1' },
    });
  });

  it('names every bad key in one error', () => {
    expect(() =>
      loadConfig({ file: file('gateway:\n  port: 99999\nrunner:\n  concurrency: 0\nbogus: 1\n'), env: {} }),
    ).toThrowError(
      /gateway\.port[\s\S]*runner\.concurrency[\s\S]*bogus|bogus[\s\S]*gateway\.port[\s\S]*runner\.concurrency/,
    );
  });

  it('says which file could not be read', () => {
    expect(() => loadConfig({ file: '/nonexistent/triage.yaml', env: {} })).toThrowError(
      /cannot read config file \/nonexistent\/triage.yaml/,
    );
  });
});
