import { type ExecRule, type MatchSubject, matchesRule } from './scenario-rules.js';
import { createTar, readTar, TarFormatError, type TarEntry } from './tar-archive.js';

/**
 * What a command run by pods/exec answers: scenario `exec` rules first (first match wins), then a few
 * built-ins that `kubectl cp` and everyday checks need (`tar cf -`, `tar xf -`, `test`, `cat`, `echo`,
 * `true`, `false`), else the runtime's "executable file not found" failure. A rule without a
 * `command` glob does not capture the built-ins, and answers other commands only when it sets
 * stdout, stderr or exitCode: a rule that only lists `files` just provides files.
 */

/** Facts about one exec call. */
export interface ExecRequest {
  subject: MatchSubject;
  rules: readonly ExecRule[];
  /** Files `kubectl cp` wrote into this container earlier (absolute path → content); updated by `tar x`. */
  uploads: Map<string, Buffer>;
  /** Resolves with everything the client sent on stdin once it closes stdin (empty without stdin). */
  readStdin: () => Promise<Buffer>;
}

/** The answer: output streams and exit code. */
export interface ExecResult {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}

/** Directories every Linux container image has, for `test -d`. */
const STANDARD_DIRECTORIES = ['/', '/tmp', '/root', '/etc', '/var', '/var/log', '/home', '/usr', '/bin'];

const SHELLS = new Set(['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash', '/usr/bin/bash']);

function result(stdout: string | Buffer, stderr = '', exitCode = 0): ExecResult {
  return { stdout: Buffer.from(stdout), stderr: Buffer.from(stderr), exitCode };
}

function decodeFileValue(value: string): Buffer {
  return value.startsWith('base64:')
    ? Buffer.from(value.slice('base64:'.length), 'base64')
    : Buffer.from(value);
}

/** The container's files: `files` of every rule matching it (command ignored) plus uploads. */
function containerFiles(request: ExecRequest): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const rule of request.rules) {
    const { command: _ignored, ...match } = rule.match;
    if (!rule.files || !matchesRule(match, request.subject)) continue;
    for (const [path, value] of Object.entries(rule.files)) {
      const normalized = normalizePath(path);
      if (!files.has(normalized)) files.set(normalized, decodeFileValue(value));
    }
  }
  for (const [path, content] of request.uploads) files.set(path, content);
  return files;
}

/**
 * An absolute POSIX path. Windows paths map onto the same tree (`C:\k\x.zip` → `/k/x.zip`), as
 * Windows resolves `/k/x.zip` on the current drive, so `kubectl cp pod:/k/x.zip` reaches them.
 */
function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/^[A-Za-z]:/, '').split(/[/\\]/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function directoriesOf(files: Map<string, Buffer>): Set<string> {
  const directories = new Set(STANDARD_DIRECTORIES);
  for (const path of files.keys()) {
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1))
      directories.add(path.slice(0, cut));
  }
  return directories;
}

/** `tar cf - <paths>`: members named without the leading slash, as GNU tar writes them. */
function tarCreate(paths: readonly string[], files: Map<string, Buffer>): ExecResult {
  const entries: TarEntry[] = [];
  const errors: string[] = [];
  const directories = directoriesOf(files);
  for (const requested of paths) {
    const path = normalizePath(requested);
    const file = files.get(path);
    if (file) {
      entries.push({ name: path.slice(1), type: 'file', content: file });
    } else if (directories.has(path)) {
      const under = path === '/' ? '/' : `${path}/`;
      for (const directory of [...directories].filter((d) => d === path || d.startsWith(under)).sort()) {
        if (directory !== '/')
          entries.push({ name: directory.slice(1), type: 'directory', content: Buffer.alloc(0) });
      }
      for (const [filePath, content] of [...files].filter(([p]) => p.startsWith(under)).sort()) {
        entries.push({ name: filePath.slice(1), type: 'file', content });
      }
    } else {
      errors.push(`tar: ${requested}: Cannot stat: No such file or directory`);
    }
  }
  const notes = paths.some((p) => p.startsWith('/')) ? ["tar: Removing leading `/' from member names"] : [];
  if (errors.length > 0) errors.push('tar: Exiting with failure status due to previous errors');
  return result(
    createTar(entries),
    [...notes, ...errors].map((line) => `${line}\n`).join(''),
    errors.length > 0 ? 2 : 0,
  );
}

/** `tar xf - [-C dir]`: stores every file member under the target directory. */
async function tarExtract(args: readonly string[], request: ExecRequest): Promise<ExecResult> {
  const cIndex = args.indexOf('-C');
  const target = cIndex === -1 ? '/' : (args[cIndex + 1] ?? '/');
  const archive = await request.readStdin();
  try {
    for (const entry of readTar(archive)) {
      if (entry.type === 'file') request.uploads.set(normalizePath(`${target}/${entry.name}`), entry.content);
    }
    return result('');
  } catch (error) {
    if (!(error instanceof TarFormatError)) throw error;
    return result(
      '',
      'tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n',
      2,
    );
  }
}

async function runBuiltin(argv: readonly string[], request: ExecRequest): Promise<ExecResult | undefined> {
  const [program = '', ...args] = argv;
  // Windows hosts call tools by full path (`C:\Windows\System32\tar.exe`, bsdtar with the same flags).
  const name = program
    .split(/[/\\]/)
    .pop()
    ?.replace(/\.exe$/i, '');
  const files = () => containerFiles(request);
  switch (name) {
    case 'true':
      return result('');
    case 'false':
      return result('', '', 1);
    case 'echo':
      return result(`${args.join(' ')}\n`);
    case 'cat': {
      if (args.length === 0 || (args.length === 1 && args[0] === '-'))
        return result(await request.readStdin());
      const known = files();
      const missing = args.filter((path) => !known.has(normalizePath(path)));
      const stdout = Buffer.concat(args.flatMap((path) => known.get(normalizePath(path)) ?? []));
      const stderr = missing.map((path) => `cat: ${path}: No such file or directory\n`).join('');
      return result(stdout, stderr, missing.length > 0 ? 1 : 0);
    }
    case 'test': {
      const [flag, path] = args;
      if (!path) return result('', '', 1);
      const known = files();
      const target = normalizePath(path);
      const isDirectory = directoriesOf(known).has(target);
      const isFile = known.has(target);
      const ok =
        flag === '-d' ? isDirectory : flag === '-f' ? isFile : flag === '-e' ? isDirectory || isFile : false;
      return result('', '', ok ? 0 : 1);
    }
    case 'tar': {
      const mode = (args[0] ?? '').replace(/^-/, '');
      if (mode.includes('c') && args[1] === '-') return tarCreate(args.slice(2), files());
      if (mode.includes('x')) return tarExtract(args, request);
      return result(
        '',
        'tar: You must specify one of the options\nTry `tar --help` for more information.\n',
        2,
      );
    }
    default:
      return undefined;
  }
}

function notFound(argv: readonly string[]): ExecResult {
  const [program = '', ...args] = argv;
  if (SHELLS.has(program) && args[0] === '-c') {
    const word = (args[1] ?? '').trim().split(/\s+/)[0] ?? '';
    return result('', `sh: 1: ${word}: not found\n`, 127);
  }
  return result(
    '',
    `OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown\n`,
    126,
  );
}

/** Runs one exec call against the scenario rules and built-ins. */
export async function runExecCommand(request: ExecRequest): Promise<ExecResult> {
  const argv = request.subject.command;
  const byCommand = request.rules.find(
    (r) => r.match.command !== undefined && matchesRule(r.match, request.subject),
  );
  if (byCommand) return fromRule(byCommand);
  const builtin = await runBuiltin(argv, request);
  if (builtin) return builtin;
  const [program = '', flag, script] = argv;
  if (SHELLS.has(program) && flag === '-c' && script !== undefined) {
    const inner = script.trim().split(/\s+/);
    const viaShell = await runBuiltin(inner, request);
    if (viaShell) return viaShell;
  }
  const podWide = request.rules.find((r) => answersCommands(r) && matchesRule(r.match, request.subject));
  return podWide ? fromRule(podWide) : notFound(argv);
}

function answersCommands(rule: ExecRule): boolean {
  return rule.stdout !== undefined || rule.stderr !== undefined || rule.exitCode !== undefined;
}

function fromRule(rule: ExecRule): ExecResult {
  return result(rule.stdout ?? '', rule.stderr ?? '', rule.exitCode ?? 0);
}
