import { createTar } from '../../src/tar-archive.js';
import { at, plus } from '../scenario-kit/cluster.js';

/**
 * What Triage's HostProcess collector (playbooks/windows-logs, `triage-collector/2`) prints on a
 * Windows node of windows-mixed, and the archive it packs there: a real tar, as Windows' tar.exe
 * writes `tar -cf <dir>.tar -C <dir> .`, that the simulator serves to `tar.exe cf - <path>`.
 */

/** One collected source: the header the collector prints, the file it keeps in the archive, its text. */
export interface CollectedSource {
  name: string;
  file: string;
  text: string;
}

/** The exec answer (stdout) and the archive's path and bytes on the node. */
export interface CollectorRun {
  stdout: string;
  archivePath: string;
  archive: Buffer;
}

const TAIL_LINES = 300;
const STAMP = at('08:29:40').replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** The collector's run on one node: each source's tail under its header, then the archive section. */
export function collectorRun(sources: readonly CollectedSource[]): CollectorRun {
  const archivePath = `C:\\k\\debug\\triage-${STAMP}.tar`;
  const written = sources.filter((s) => s.text !== '');
  const archive = createTar([
    { name: '.', type: 'directory', content: Buffer.alloc(0) },
    ...written.map((s) => ({ name: `./${s.file}`, type: 'file' as const, content: Buffer.from(s.text) })),
  ]);
  const sections = written.map(
    (s) => `==> ${s.name} <==\n${s.text.trimEnd().split('\n').slice(-TAIL_LINES).join('\n')}\n`,
  );
  const manifest = [
    '==> archive <==',
    `${archivePath}\t${archive.length}`,
    ...written.map((s) => `${s.file}\t${Buffer.byteLength(s.text)}`),
  ];
  return { stdout: `${sections.join('')}${manifest.join('\n')}\n`, archivePath, archive };
}

/** Event log entries as the collector formats them (`<time> <level> <provider> <id>: <message>`). */
function eventLine(time: string, level: string, provider: string, id: number, message: string): string {
  return `${at(time).replace('Z', '.0000000+00:00')} ${level} ${provider} ${id}: ${message}`;
}

/** Warnings every Windows node logs (no failure signature among them). */
export function systemEventLogQuiet(): string {
  return `${[
    eventLine(
      '08:02:11',
      'Warning',
      'Microsoft-Windows-Time-Service',
      129,
      'NtpClient was unable to set a domain peer to use as a time source because of discovery error. NtpClient will try again in 15 minutes.',
    ),
    eventLine(
      plus('08:02:11', 900),
      'Warning',
      'Microsoft-Windows-Time-Service',
      129,
      'NtpClient was unable to set a domain peer to use as a time source because of discovery error. NtpClient will try again in 15 minutes.',
    ),
    eventLine(
      '08:12:40',
      'Information',
      'Service Control Manager',
      7036,
      'The Windows Modules Installer service entered the stopped state.',
    ),
  ].join('\n')}\n`;
}

export function applicationEventLogQuiet(): string {
  return `${eventLine('08:05:03', 'Warning', 'Microsoft-Windows-User Profiles Service', 1534, 'Profile notification of event Create for component {2c86c843-77ae-4284-9722-27d65366543c} failed, error code is Not implemented.')}\n`;
}

export function ipconfig(node: string, ip: string): string {
  return [
    'Windows IP Configuration',
    '',
    `   Host Name . . . . . . . . . . . . : ${node}`,
    '   Primary Dns Suffix  . . . . . . . : ',
    '   Node Type . . . . . . . . . . . . : Hybrid',
    '',
    'Ethernet adapter vEthernet (Ethernet 2):',
    '',
    '   Connection-specific DNS Suffix  . : reddog.microsoft.com',
    `   IPv4 Address. . . . . . . . . . . : ${ip}(Preferred)`,
    '   Subnet Mask . . . . . . . . . . . : 255.255.0.0',
    '   Default Gateway . . . . . . . . . : 10.224.0.1',
    '',
  ].join('\n');
}

export function routePrint(ip: string): string {
  return [
    'IPv4 Route Table',
    '===========================================================================',
    'Active Routes:',
    'Network Destination        Netmask          Gateway       Interface  Metric',
    `          0.0.0.0          0.0.0.0       10.224.0.1     ${ip}     15`,
    `       10.224.0.0      255.255.0.0         On-link      ${ip}    271`,
    '===========================================================================',
    '',
  ].join('\n');
}

export function portRanges(): string {
  return [
    'Protocol tcp Port Exclusion Ranges',
    '',
    'Start Port    End Port',
    '----------    --------',
    '     50000       50059     *',
    '',
    '* - Administered port exclusions.',
    '',
    'Protocol tcp Dynamic Port Range',
    '---------------------------------',
    'Start Port      : 49152',
    'Number of Ports : 16384',
    '',
  ].join('\n');
}

export function hnsNetworksJson(): string {
  return `${JSON.stringify([{ ID: 'A3D1E7B2-58C4-4F1E-9C1A-2F0000000001', Name: 'azure', Type: 'L2Bridge', State: 1 }], null, 2)}\n`;
}

export function crictlPs(
  containers: { id: string; image: string; name: string; state: string; pod: string }[],
): string {
  return `${[
    'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD',
    ...containers.map(
      (c) =>
        `${c.id.slice(0, 13)}       ${c.image.slice(0, 13)}       2 hours ago         ${c.state}             ${c.name}                 0                   ${c.id.slice(13, 26)}       ${c.pod}`,
    ),
  ].join('\n')}\n`;
}
