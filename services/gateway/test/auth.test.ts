import { describe, expect, it } from 'vitest';
import { secretsEqual } from '../src/auth.js';
import { fixtureText } from './support/fixtures.js';
import { AM, AZURE, gatewayPerTest, postJson } from './support/gateway.js';

const amBody = fixtureText('alertmanager', 'resolved');
const azureBody = fixtureText('azure-monitor', 'metric-fired-aks');

const setup = gatewayPerTest();

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('Alertmanager bearer token', () => {
  const config = { auth: { alertmanager: { bearerToken: 'am-token-1' } } };

  it('answers 401 with WWW-Authenticate when the token is missing, and stores nothing', async () => {
    const { app, intake } = setup(config);
    const response = await postJson(app, AM, amBody);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="triage"');
    expect(response.json().code).toBe('TRIAGE_ERR_GATEWAY_UNAUTHORIZED');
    expect(intake.batches).toHaveLength(0);
  });

  it('answers 403 to a wrong token', async () => {
    const { app, intake } = setup(config);
    const response = await postJson(app, AM, amBody, { authorization: 'Bearer am-token-2' });
    expect(response.statusCode).toBe(403);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="triage", error="invalid_token"');
    expect(response.json().code).toBe('TRIAGE_ERR_GATEWAY_FORBIDDEN');
    expect(intake.batches).toHaveLength(0);
  });

  it('answers 401 to basic credentials when a bearer token is expected', async () => {
    const { app } = setup(config);
    expect((await postJson(app, AM, amBody, { authorization: basic('am', 'am-token-1') })).statusCode).toBe(
      401,
    );
  });

  it('accepts the right token, whatever the case of the scheme', async () => {
    const { app, intake } = setup(config);
    expect((await postJson(app, AM, amBody, { authorization: 'bearer am-token-1' })).statusCode).toBe(202);
    expect(intake.signals).toHaveLength(1);
  });

  it('checks credentials before reading the body', async () => {
    const { app } = setup(config);
    expect((await postJson(app, AM, '{not json')).statusCode).toBe(401);
  });
});

describe('Alertmanager basic auth', () => {
  const config = { auth: { alertmanager: { basic: { username: 'am', password: 'pw:with:colons' } } } };

  it('answers 401 with a Basic challenge when credentials are missing', async () => {
    const { app } = setup(config);
    const response = await postJson(app, AM, amBody);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Basic realm="triage"');
  });

  it('answers 403 to a wrong password or user', async () => {
    const { app } = setup(config);
    const wrong = await postJson(app, AM, amBody, { authorization: basic('am', 'pw') });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.headers['www-authenticate']).toBe('Basic realm="triage"');
    expect(
      (await postJson(app, AM, amBody, { authorization: basic('root', 'pw:with:colons') })).statusCode,
    ).toBe(403);
  });

  it('accepts the right user and password', async () => {
    const { app } = setup(config);
    expect(
      (await postJson(app, AM, amBody, { authorization: basic('am', 'pw:with:colons') })).statusCode,
    ).toBe(202);
  });
});

describe('Azure Monitor token', () => {
  const config = { auth: { azureMonitor: { token: 'az-token-1' } } };

  it.each([
    ['the query string', `${AZURE}?token=az-token-1`, {}],
    ['an Authorization bearer header', AZURE, { authorization: 'Bearer az-token-1' }],
    ['X-Triage-Token', AZURE, { 'x-triage-token': 'az-token-1' }],
  ])('accepts the token from %s', async (_where, url, headers) => {
    const { app, intake } = setup(config);
    expect((await postJson(app, url, azureBody, headers)).statusCode).toBe(202);
    expect(intake.signals).toHaveLength(1);
  });

  it('answers 401 when no token is given and 403 when it is wrong', async () => {
    const { app, intake } = setup(config);
    const missing = await postJson(app, AZURE, azureBody);
    expect(missing.statusCode).toBe(401);
    expect(missing.json().message).toContain('?token=');
    expect((await postJson(app, `${AZURE}?token=az-token-2`, azureBody)).statusCode).toBe(403);
    expect((await postJson(app, AZURE, azureBody, { 'x-triage-token': 'az' })).statusCode).toBe(403);
    expect(intake.batches).toHaveLength(0);
  });
});

describe('without credentials configured', () => {
  it('accepts unauthenticated requests on both routes', async () => {
    const { app } = setup();
    expect((await postJson(app, AM, amBody)).statusCode).toBe(202);
    expect((await postJson(app, AZURE, azureBody)).statusCode).toBe(202);
  });
});

describe('secretsEqual', () => {
  it('is true only for the same secret, whatever the lengths', () => {
    expect(secretsEqual('s3cr3t', 's3cr3t')).toBe(true);
    expect(secretsEqual('s3cr3', 's3cr3t')).toBe(false);
    expect(secretsEqual('', 's3cr3t')).toBe(false);
    expect(secretsEqual('s3cr3t'.repeat(1000), 's3cr3t')).toBe(false);
  });
});
