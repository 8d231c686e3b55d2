import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../src/create-gateway.js';
import type { SocketClient, SocketEnvelope } from '../../src/slack/socket-mode.js';
import { FakeIntake } from '../support/fake-intake.js';
import { fixture } from '../support/fixtures.js';
import { MemoryAudit } from './support/memory-audit.js';

/** Records listeners and lifecycle; `deliver` plays an envelope as Slack's WebSocket would. */
class FakeSocketClient implements SocketClient {
  readonly listeners = new Map<string, (args: SocketEnvelope) => Promise<void>>();
  started = false;
  disconnected = false;
  on(event: string, listener: (args: SocketEnvelope) => Promise<void>) {
    this.listeners.set(event, listener);
    return this;
  }
  async start() {
    this.started = true;
  }
  async disconnect() {
    this.disconnected = true;
  }
  async deliver(event: string, body: unknown): Promise<Record<string, unknown> | undefined> {
    let acked: Record<string, unknown> | undefined;
    await this.listeners.get(event)?.({
      body,
      ack: async (response) => {
        acked = response ?? {};
      },
    });
    return acked;
  }
}

function socketGateway() {
  const client = new FakeSocketClient();
  const tokens: string[] = [];
  const intake = new FakeIntake();
  const app = createGateway({
    config: {
      slack: { signingSecret: 'unused-in-socket-mode', appToken: 'xapp-1-A0-1-abc', socketMode: true },
    },
    intake,
    metrics: new Registry(),
    slack: {
      audit: new MemoryAudit(),
      notifier: { ephemeral: async () => {}, reply: async () => {} },
      groupMembers: async () => [],
      playbooks: [],
    },
    socketClient: (token) => {
      tokens.push(token);
      return client;
    },
  });
  return { app, client, tokens, intake };
}

describe('Socket Mode', () => {
  it('connects with the app token when the gateway starts, serves no /slack/events route, and disconnects on close', async () => {
    const { app, client, tokens } = socketGateway();
    await app.ready();
    expect(tokens).toEqual(['xapp-1-A0-1-abc']);
    expect(client.started).toBe(true);
    expect((await app.inject({ method: 'POST', url: '/slack/events' })).statusCode).toBe(404);
    await app.close();
    expect(client.disconnected).toBe(true);
  });

  it('answers a slash command in the ack and queues its signal, like the HTTP route', async () => {
    const { app, client, intake } = socketGateway();
    await app.ready();
    const body = { ...fixture('slack', 'slash-command'), text: 'node aks-np1-0' };
    expect(await client.deliver('slash_commands', body)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Queued'),
    });
    expect(intake.signals[0]).toMatchObject({
      source: 'slack',
      playbook: 'node-health',
      params: { node: 'aks-np1-0' },
    });
    expect(await client.deliver('slash_commands', { text: 'node x' })).toMatchObject({
      text: 'Triage could not read this command.',
    });
    await app.close();
  });

  it('acks a button press once queued', async () => {
    const { app, client, intake } = socketGateway();
    await app.ready();
    expect(await client.deliver('interactive', fixture('slack', 'block-actions'))).toEqual({});
    expect(intake.signals[0]).toMatchObject({ name: 'triage rerun', playbook: 'node-health' });
    await app.close();
  });
});
