import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Builds infra/Dockerfile with scripts/build-image.sh (buildah on a locally made Debian + Node.js
// base) and checks the image. Minutes, not seconds: the base rootfs is made once and cached.
const run = promisify(execFile);
const repo = new URL('../../../', import.meta.url).pathname;
const tag = `localhost/triage:test-${process.pid}`;
/** The storage options build-image.sh uses (its root, and overlay or vfs as it found), for inspecting. */
let storage: string[] = [];
const buildah = (...args: string[]) =>
  run('buildah', [...storage, ...args], { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 });

interface ImageConfig {
  User: string;
  Entrypoint: string[];
  Cmd: string[];
  ExposedPorts?: Record<string, unknown>;
}
let config: ImageConfig;
let size: number;
let container: string;
/** Runs a shell command in a container of the image, as the image's user. */
const shell = async (script: string) =>
  (await buildah('run', '--isolation', 'chroot', container, '--', '/bin/sh', '-c', script)).stdout;

beforeAll(async () => {
  const { stdout } = await run('scripts/build-image.sh', ['--buildah-args'], { cwd: repo, timeout: 60_000 });
  storage = stdout.trim().split('\n');
  await run('scripts/build-image.sh', [tag], {
    cwd: repo,
    timeout: 25 * 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const inspected = JSON.parse((await buildah('inspect', '--type', 'image', tag)).stdout);
  config = inspected.OCIv1.config;
  size = Number(
    (await buildah('images', '--format', '{{.Size}}', '--noheading', tag)).stdout.trim().split(/\s+/)[0],
  );
  container = (await buildah('from', '--quiet', tag)).stdout.trim();
}, 30 * 60_000);

afterAll(async () => {
  if (container) await buildah('rm', container).catch(() => undefined);
  await buildah('rmi', tag).catch(() => undefined);
}, 120_000);

/** Top-level packages the lock file marks as needed only for development (`"dev": true`). */
function devOnlyPackages(): string[] {
  const lock = JSON.parse(readFileSync(`${repo}/package-lock.json`, 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => entry.dev && /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path))
    .map(([path]) => path.slice('node_modules/'.length));
}

/** The built CLI, as the image's entrypoint runs it. */
const cli = '/usr/local/bin/node /app/packages/cli/dist/main.js';

describe('the container image', () => {
  it('runs as a fixed non-root user', async () => {
    expect(config.User).toBe('10001:10001');
    expect((await shell('id -u')).trim()).toBe('10001');
  });

  it('starts the built CLI with node, serving by default, so the command selects the role', async () => {
    expect(config.Entrypoint).toEqual(['/usr/local/bin/node', '/app/packages/cli/dist/main.js']);
    expect(config.Cmd).toEqual(['serve']);
    const playbooks = await shell(`${cli} playbooks`);
    expect(playbooks).toContain('node-health');
    expect(playbooks).toContain('pdb-drain');
    expect(await shell(`${cli} --help`)).toContain('gateway');
  });

  it('holds everything the serve, run and audit commands load, compiled', async () => {
    const commands = ['serve-command', 'run-command', 'audit-command'];
    const loaded = await shell(
      commands
        .map(
          (name) =>
            `node -e 'import("/app/packages/cli/dist/commands/${name}.js").then(() => console.log("${name}"))'`,
        )
        .join(' && '),
    );
    expect(loaded.trim().split('\n')).toEqual(commands);
    expect(await shell('ls /app/packages/cluster-sim/scenarios/healthy')).not.toBe('');
  });

  it('holds no TypeScript sources or tests, no tsx, no development dependencies and no npm', async () => {
    const devOnly = devOnlyPackages();
    expect(devOnly).toEqual(expect.arrayContaining(['vitest', 'typescript', '@biomejs/biome', 'tsx']));
    const present = await shell(
      `cd /app/node_modules && for p in ${devOnly.join(' ')}; do [ -e "$p/package.json" ] && echo "$p"; done; true`,
    );
    expect(present.trim().split('\n').filter(Boolean)).toEqual([]);
    expect(await shell("find /app -name node_modules -prune -o -name '*.ts' -print | head -5")).toBe('');
    expect(await shell('ls /usr/local/bin/npm /usr/local/bin/npx 2>/dev/null; true')).toBe('');
  });

  it('gives its user nothing to write outside /tmp (fit for a read-only root filesystem)', async () => {
    expect(await shell('find / -xdev -path /tmp -prune -o -writable -print 2>/dev/null | head -5')).toBe('');
  });

  it('stays under 600 MB (docs/BENCHMARKS.md records the size)', () => {
    console.info(`container image: ${size} MB`);
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThan(600);
  });
});
