import type { Finding } from '@triage/core';
import type { DescribeContext } from './describe-context.js';
import { ago } from './format-age.js';
import { eventsAbout, type ObjectRef } from './object-events.js';
import { eventEvidence, eventLastSeen } from './rank-events.js';

/** The one finding for a subject that no longer exists, with the last thing events said about it. */
export async function missingSubjectFinding(dc: DescribeContext, ref: ObjectRef): Promise<Finding> {
  const events = await eventsAbout(dc.kube, ref);
  const latest = [...events].sort((a, b) =>
    (eventLastSeen(b) ?? '').localeCompare(eventLastSeen(a) ?? ''),
  )[0];
  const name = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  const detail = latest
    ? `Last seen in events ${ago(eventLastSeen(latest), dc.now)}: ${latest.reason ?? 'event'}: ${latest.message ?? ''}`.trim()
    : 'No events mention it either (events expire after an hour by default).';
  return {
    severity: 'warning',
    title: `${ref.kind} ${name} no longer exists`,
    detail,
    subject: dc.key,
    evidence: latest ? [eventEvidence(latest, dc.now)] : [],
  };
}
