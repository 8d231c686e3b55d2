import type { Finding } from '@triage/core';
import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactFinding } from '../src/redact.js';

const jwt =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdCJ9.c2lnbmF0dXJlLWJ5dGVz';

describe('redact', () => {
  it.each([
    ['a bearer token', 'curl -H "Authorization: Bearer abc123.def456"', 'abc123.def456'],
    ['a bare bearer token', 'token was Bearer s3cr3tT0ken== in the log', 's3cr3tT0ken=='],
    ['a basic auth header', 'Authorization: Basic dXNlcjpwYXNz', 'dXNlcjpwYXNz'],
    ['password=', 'connecting with user=app password=hunter2 host=db', 'hunter2'],
    ['a quoted password', 'PASSWORD: "correct horse battery"', 'correct horse battery'],
    [
      'an Azure AccountKey',
      'DefaultEndpointsProtocol=https;AccountName=st1;AccountKey=Zm9vYmFy+/==;EndpointSuffix=core.windows.net',
      'Zm9vYmFy+/==',
    ],
    [
      'a SQL connection string password',
      'Server=tcp:db.database.windows.net;User ID=app;Password=P@ss;w0rd',
      'P@ss',
    ],
    ['URL credentials', 'REDIS_URL=redis://default:topsecret@redis:6379/0', 'topsecret'],
    ['a postgres URL', 'postgres://app:pa55@db.internal:5432/shop', 'pa55'],
    ['a JWT', `service account token ${jwt}`, jwt],
    ['a Slack bot token', 'SLACK_BOT_TOKEN=xoxb-1234-5678-abcdef', 'xoxb-1234-5678-abcdef'],
    ['a Slack user token', 'xoxp-99-88-77 leaked', 'xoxp-99-88-77'],
    ['a Slack app token', 'xoxa-2-abc and xoxr-refresh-1', 'xoxa-2-abc'],
    [
      'an Azure SAS sig',
      'https://st1.blob.core.windows.net/c/b?sv=2022-11-02&se=2026&sig=AbC%2Fdef%3D',
      'AbC%2Fdef%3D',
    ],
    [
      'a service bus key',
      'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=k3y=',
      'k3y=',
    ],
  ])('removes %s', (_kind, text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it('removes a whole PEM private key and one cut off before its END line', () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabcdef\n-----END RSA PRIVATE KEY-----';
    expect(redact(`before\n${key}\nafter`)).toBe(`before\n${REDACTED} private key\nafter`);
    expect(redact('x -----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN')).toBe(`x ${REDACTED} private key`);
  });

  it('keeps ordinary diagnostic text unchanged', () => {
    const text =
      'Pod shop/web-1 OOMKilled (limit 512Mi); node aks-np1-0 NotReady since 12:01; see https://example.com/runbook?id=4';
    expect(redact(text)).toBe(text);
  });

  it('is idempotent', () => {
    const text = `Authorization: Bearer abc password=x AccountKey=y ${jwt} xoxb-1-2 sig=zz redis://u:p@h`;
    const once = redact(text);
    expect(redact(once)).toBe(once);
  });

  it('redacts every text field of a finding, UTF-8 attachments included, and leaves the input alone', () => {
    const finding: Finding = {
      severity: 'warning',
      title: 'token xoxb-1-2 in env',
      detail: 'password=a',
      subject: 'pod/shop/web-1',
      evidence: [{ source: 'log Bearer zzz', text: 'AccountKey=k' }],
      remediation: {
        summary: 'rotate password=b',
        steps: ['pwd=c'],
        dryRun: { ok: true, detail: 'secret=d' },
      },
      attachments: [
        { filename: 'env.txt', contentType: 'text/plain', content: 'api_key=e', encoding: 'utf8' },
      ],
    };
    const out = JSON.stringify(redactFinding(finding));
    for (const secret of [
      'xoxb-1-2',
      'password=a',
      'zzz',
      '=k"',
      'password=b',
      'pwd=c',
      'secret=d',
      'api_key=e',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(finding.detail).toBe('password=a');
  });
});
