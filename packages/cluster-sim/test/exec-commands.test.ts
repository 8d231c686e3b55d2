import { describe, expect, it } from 'vitest';
import { type ExecRequest, runExecCommand } from '../src/exec-commands.js';
import { parseScenarioRules } from '../src/scenario-rules.js';
import { createTar, readTar } from '../src/tar-archive.js';

const rules = parseScenarioRules(`
exec:
  - match: { pod: "kube-system/winlogs-*", command: "*collect*" }
    stdout: "Logs are available at C:\\\\k\\\\debug\\\\x\\n"
  - match: { pod: "kube-system/winlogs-*" }
    stdout: "pod-wide answer\\n"
    files:
      /tmp/triage/logs.zip: "base64:UEsDBAo="
      /tmp/triage/notes.txt: "hello\\n"
  - match: { command: "sh -c exit 3" }
    stderr: "bye\\n"
    exitCode: 3
`).exec;

function request(
  command: string[],
  options: { pod?: string; stdin?: Buffer; uploads?: Map<string, Buffer> } = {},
): ExecRequest {
  return {
    subject: {
      pod: options.pod ?? 'kube-system/winlogs-abc',
      container: 'collect',
      image: 'busybox',
      command,
      node: 'n1',
    },
    rules,
    uploads: options.uploads ?? new Map(),
    readStdin: async () => options.stdin ?? Buffer.alloc(0),
  };
}

describe('runExecCommand', () => {
  it('answers from the first rule that matches a command glob', async () => {
    const result = await runExecCommand(request(['powershell', '-c', 'collect-windows-logs.ps1']));
    expect(result.stdout.toString()).toBe('Logs are available at C:\\k\\debug\\x\n');
    expect(result.exitCode).toBe(0);
  });

  it('propagates stderr and the exit code of a rule', async () => {
    const result = await runExecCommand(request(['sh', '-c', 'exit 3'], { pod: 'shop/web' }));
    expect(result).toMatchObject({ exitCode: 3 });
    expect(result.stderr.toString()).toBe('bye\n');
  });

  it('serves tar cf - from the files of rules matching the container, names without the leading slash', async () => {
    const result = await runExecCommand(request(['tar', 'cf', '-', '/tmp/triage/logs.zip']));
    expect(result.exitCode).toBe(0);
    expect(readTar(result.stdout)).toMatchObject([
      { name: 'tmp/triage/logs.zip', content: Buffer.from('UEsDBAo=', 'base64') },
    ]);
  });

  it("serves Windows' tar.exe called by full path like tar, for a Windows path", async () => {
    const result = await runExecCommand(
      request(['C:\\Windows\\System32\\tar.exe', 'cf', '-', 'C:\\tmp\\triage\\notes.txt']),
    );
    expect(result.exitCode).toBe(0);
    expect(readTar(result.stdout)).toMatchObject([
      { name: 'tmp/triage/notes.txt', content: Buffer.from('hello\n') },
    ]);
  });

  it('archives a whole directory and fails like GNU tar for a missing path', async () => {
    const all = await runExecCommand(request(['tar', 'cf', '-', '/tmp/triage']));
    expect(readTar(all.stdout).map((e) => e.name)).toEqual([
      'tmp/triage',
      'tmp/triage/logs.zip',
      'tmp/triage/notes.txt',
    ]);
    const missing = await runExecCommand(request(['tar', 'cf', '-', '/nope']));
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.toString()).toContain('tar: /nope: Cannot stat: No such file or directory');
  });

  it('stores files extracted by tar xmf - so later reads see them', async () => {
    const uploads = new Map<string, Buffer>();
    const archive = createTar([{ name: 'remote.txt', type: 'file', content: Buffer.from('uploaded') }]);
    const extract = await runExecCommand(
      request(['tar', '-xmf', '-', '-C', '/tmp'], { stdin: archive, uploads }),
    );
    expect(extract.exitCode).toBe(0);
    const read = await runExecCommand(request(['cat', '/tmp/remote.txt'], { uploads }));
    expect(read.stdout.toString()).toBe('uploaded');
    expect((await runExecCommand(request(['test', '-d', '/tmp/remote.txt'], { uploads }))).exitCode).toBe(1);
    expect((await runExecCommand(request(['test', '-d', '/tmp/triage']))).exitCode).toBe(0);
  });

  it('echoes stdin for cat and runs simple built-ins through sh -c', async () => {
    expect((await runExecCommand(request(['cat'], { stdin: Buffer.from('ping\n') }))).stdout.toString()).toBe(
      'ping\n',
    );
    expect(
      (await runExecCommand(request(['sh', '-c', 'echo hi'], { pod: 'shop/web' }))).stdout.toString(),
    ).toBe('hi\n');
  });

  it('falls back to a pod-wide rule for commands that are not built-ins', async () => {
    expect((await runExecCommand(request(['whoami']))).stdout.toString()).toBe('pod-wide answer\n');
  });

  it('does not answer commands from a rule that only lists files', async () => {
    const filesOnly = parseScenarioRules(
      'exec:\n  - match: { pod: "shop/*" }\n    files: { /a.txt: "a" }\n',
    ).exec;
    const result = await runExecCommand({ ...request(['whoami'], { pod: 'shop/web' }), rules: filesOnly });
    expect(result.exitCode).toBe(126);
    const read = await runExecCommand({
      ...request(['cat', '/a.txt'], { pod: 'shop/web' }),
      rules: filesOnly,
    });
    expect(read.stdout.toString()).toBe('a');
  });

  it('fails unknown programs like the runtime does (126) and unknown shell words with 127', async () => {
    const missing = await runExecCommand(request(['nslookup', 'x'], { pod: 'shop/web' }));
    expect(missing.exitCode).toBe(126);
    expect(missing.stderr.toString()).toContain('exec: "nslookup": executable file not found in $PATH');
    const viaShell = await runExecCommand(request(['sh', '-c', 'dig x'], { pod: 'shop/web' }));
    expect(viaShell).toMatchObject({ exitCode: 127 });
    expect(viaShell.stderr.toString()).toBe('sh: 1: dig: not found\n');
  });
});
