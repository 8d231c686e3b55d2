import type { StoredMessage } from '@triage/chat/testing';
import { waitFor } from '@triage/dev-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackPerson } from './support/slack-person.js';
import {
  fixButton,
  fixButtons,
  kubectlGet,
  type SlackPipeline,
  startSlackFixPipeline,
  threadText,
} from './support/slack-pipeline.js';

const OPS = { id: 'C0OPS', name: 'ops' };
const ALICE = { id: 'U0ALICE', name: 'alice' };
const CLIENT = 'shop/storefront-tzgssnhqj2-8k8c4';
const FIX = 'Set Service shop/order-service targetPort 8080 → http (3000)';

let fixture: SlackPipeline;

beforeAll(async () => {
  fixture = await startSlackFixPipeline('tcp-refused', [ALICE.id]);
  // Triage's own namespace, where network-trace creates its diagnostic pods.
  fixture.pipeline.sim.store.create('namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'triage-system' },
  });
}, 120_000);
afterAll(async () => {
  await fixture?.close();
});

/** The order-service ports as real kubectl reads them from the simulator. */
const orderServicePorts = async () =>
  ((await kubectlGet(fixture.pipeline, 'shop', 'service', 'order-service')).spec as { ports: unknown[] })
    .ports;

describe('Apply fix on a traced connection refusal (signed press → gateway → runner → simulator → thread)', () => {
  it('points order-service at the port its pods listen on when an allowed user presses Apply fix', async () => {
    const { slack, pipeline } = fixture;
    const alice = slackPerson(pipeline.url, ALICE, OPS);
    expect((await alice.command(`tcp ${CLIENT}`)).status).toBe(200);
    await waitFor(
      async () => slack.messages(OPS.id).some((m) => fixButtons(m).length > 0),
      90_000,
      'controls with an Apply fix button',
    );
    const controls = slack.messages(OPS.id).find((m) => fixButtons(m).length > 0) as StoredMessage;
    expect(fixButtons(controls).map((b) => b.text.text)).toEqual([`Apply: ${FIX}`]);
    const button = fixButton(controls, FIX);
    expect(button.confirm?.text.text).toContain(
      `kubectl -n shop patch services order-service --type json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":"http"}]'`,
    );
    expect(await orderServicePorts()).toMatchObject([{ port: 80, targetPort: 8080 }]);

    expect(await alice.press(controls, button.action_id)).toBe(200);
    await waitFor(async () => threadText(slack, controls).includes('Applied by'), 60_000, 'applied notice');
    expect(threadText(slack, controls)).toContain(`:hammer_and_wrench: Applied by <@${ALICE.id}>: ${FIX}`);
    expect(await orderServicePorts()).toMatchObject([{ port: 80, targetPort: 'http' }]);
  });
});
