import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseManifests } from '../src/render-kustomization.js';

const run = promisify(execFile);
const infra = new URL('../../../infra/', import.meta.url).pathname;
const read = (path: string) => readFileSync(infra + path, 'utf8');

/** The in-cluster URL of the gateway Service the base manifests define. */
function gatewayServiceUrl(): string {
  const service = parseManifests(read('k8s/base/gateway.yaml')).find((m) => m.kind === 'Service');
  if (!service) throw new Error('k8s/base/gateway.yaml has no Service');
  const port = (service.spec as { ports: { port: number }[] }).ports[0]?.port;
  return `http://${service.metadata.name}.${service.metadata.namespace}.svc:${port}`;
}

describe('the Alertmanager examples', () => {
  it('pass amtool check-config', async () => {
    const { stdout } = await run('amtool', ['check-config', `${infra}alertmanager/alertmanager.yml`]);
    expect(stdout).toContain('SUCCESS');
  });

  it('send resolved alerts with a bearer token to the gateway Service the manifests create', () => {
    const plain = parseYaml(read('alertmanager/alertmanager.yml'));
    const [webhook] = plain.receivers[0].webhook_configs;
    expect(webhook.url).toBe(`${gatewayServiceUrl()}/v1/alerts/alertmanager`);
    expect(webhook.send_resolved).toBe(true);
    expect(webhook.http_config.authorization.type).toBe('Bearer');

    const [operator] = parseManifests(read('alertmanager/alertmanager-config.yaml'));
    const spec = operator?.spec as { receivers: { webhookConfigs: Record<string, unknown>[] }[] };
    const [config] = spec.receivers[0]?.webhookConfigs ?? [];
    expect(config?.url).toBe(webhook.url);
    expect(config?.sendResolved).toBe(true);
    expect(config?.httpConfig).toMatchObject({
      authorization: { type: 'Bearer', credentials: { key: 'token' } },
    });
  });
});

describe('the Azure Monitor action group (Bicep)', () => {
  const bicep = read('azure-monitor/action-group.bicep');

  it('posts the common alert schema to the gateway route with the token as a secure parameter', () => {
    expect(bicep).toMatch(/useCommonAlertSchema: true/);
    // Bicep's own string interpolation, not a JavaScript template.
    const serviceUri =
      "serviceUri: '$" + '{gatewayUrl}/v1/alerts/azure-monitor?token=$' + "{uriComponent(triageToken)}'";
    expect(bicep).toContain(serviceUri);
    expect(bicep).toMatch(/@secure\(\)\n@description\('.*'\)\nparam triageToken string/);
  });
});
