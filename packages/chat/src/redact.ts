import type { Finding } from '@triage/core';

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** [pattern, replacement] pairs, applied in order; `$1` keeps the label so readers still see what was there. */
const rules: ReadonlyArray<readonly [RegExp, string]> = [
  // PEM private keys, whole block; then a block cut off before its END line.
  [
    /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g,
    `${REDACTED} private key`,
  ],
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*/g, `${REDACTED} private key`],
  // JWTs (header.payload.signature, base64url, header and payload start with `{"` = `eyJ`).
  [/\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Slack tokens (bot, user, app-level, refresh/config).
  [/\bxox[abpers]-[A-Za-z0-9-]+/g, REDACTED],
  [/\bxapp-[A-Za-z0-9-]+/g, REDACTED],
  // Authorization headers and bare bearer tokens.
  [/\b(Authorization\s*[:=]\s*(?:Basic|Bearer|Token)?\s*)[^\s"',;]+/gi, `$1${REDACTED}`],
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`],
  // Credentials in URLs: scheme://user:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  // Azure storage / Service Bus connection strings and SAS tokens.
  [/\b(AccountKey|SharedAccessKey|SharedAccessSignature)=[^;\s"']+/gi, `$1=${REDACTED}`],
  [/([?&;\s]sig=)[^&;\s"']+/gi, `$1${REDACTED}`],
  // key=value / key: value secrets (connection strings `Password=...;`, env dumps, query strings).
  [
    /\b(password|passwd|pwd|secret|client_secret|api[_-]?key|access[_-]?token)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s;,&"']+)/gi,
    `$1$2${REDACTED}`,
  ],
];

/**
 * Removes secrets from text on its way to chat: bearer tokens, `password=`, Azure `AccountKey=` and SAS
 * `sig=`, URL credentials, JWTs, Slack tokens, private keys. Idempotent.
 *
 * @example redact('curl -H "Authorization: Bearer abc.def"') // 'curl -H "Authorization: Bearer [REDACTED]"'
 */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return out;
}

/** A copy of the finding with every text field (and UTF-8 attachment) redacted. */
export function redactFinding(finding: Finding): Finding {
  const copy: Finding = {
    ...finding,
    title: redact(finding.title),
    detail: redact(finding.detail),
    subject: redact(finding.subject),
    evidence: finding.evidence.map((e) => ({ ...e, source: redact(e.source), text: redact(e.text) })),
  };
  if (finding.remediation) {
    const { summary, steps, dryRun } = finding.remediation;
    copy.remediation = { summary: redact(summary), steps: steps.map(redact) };
    if (dryRun) copy.remediation.dryRun = { ok: dryRun.ok, detail: redact(dryRun.detail) };
  }
  if (finding.attachments) {
    copy.attachments = finding.attachments.map((a) =>
      a.encoding === 'utf8' ? { ...a, content: redact(a.content) } : { ...a },
    );
  }
  return copy;
}
