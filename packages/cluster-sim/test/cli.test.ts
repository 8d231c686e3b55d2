import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simCommand } from '../src/cli.js';
import { SimulatorConfigError } from '../src/errors.js';
import { kubectl } from './kubectl.js';

const fixtures = fileURLToPath(new URL('./fixtures/cluster/', import.meta.url));

describe('simCommand', () => {
  it('prints a kubeconfig path kubectl can use, serves until stopped, then removes it', async () => {
    const lines: string[] = [];
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let kubeconfig = '';
    const running = simCommand(
      { scenario: fixtures },
      {
        write: (line) => lines.push(line),
        waitForStop: async () => {
          kubeconfig = lines[0] ?? '';
          const nodes = await kubectl(kubeconfig, ['get', 'nodes', '-o', 'name']);
          expect(nodes.stdout).toContain('node/aks-np1-12345678-vmss000000');
          stop();
          await stopped;
        },
      },
    );
    await running;
    expect(lines[1]).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(kubeconfig)).toBe(false);
  });

  it('fails with a coded error for an unknown scenario', async () => {
    await expect(
      simCommand({ scenario: 'no-such-scenario' }, { write: () => {}, waitForStop: async () => {} }),
    ).rejects.toThrow(SimulatorConfigError);
  });
});
