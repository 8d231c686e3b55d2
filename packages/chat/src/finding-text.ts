import type { Finding } from '@triage/core';

/**
 * A finding in full as plain text, for files attached to a thread when the message had to cut it short.
 * Expects an already redacted finding.
 */
export function findingText(finding: Finding, number: number): string {
  const lines = [
    `#${number} [${finding.severity}] ${finding.title}`,
    `subject: ${finding.subject}`,
    '',
    finding.detail,
  ];
  if (finding.evidence.length > 0) {
    lines.push('', `Evidence (${finding.evidence.length}):`);
    for (const e of finding.evidence) {
      lines.push(`- ${e.source}${e.at ? ` @ ${e.at}` : ''}`, ...e.text.split('\n').map((l) => `    ${l}`));
    }
  }
  const remediation = finding.remediation;
  if (remediation) {
    lines.push(
      '',
      `Remediation: ${remediation.summary}`,
      ...remediation.steps.map((s, i) => `  ${i + 1}. ${s}`),
    );
    if (remediation.dryRun) {
      lines.push(`  dry run ${remediation.dryRun.ok ? 'passed' : 'failed'}: ${remediation.dryRun.detail}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
