import { healthReportParams, ON_DEMAND } from '@triage/playbook-health-report';
import { z } from 'zod';

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * One scheduled health report. `pattern` is a cron pattern as BullMQ's job schedulers take it
 * (5 fields, or 6 with seconds first), evaluated in `tz`.
 *
 * @example { id: 'daily', pattern: '0 8 * * 1-5', tz: 'Europe/Amsterdam', channel: '#ops', quietWhenHealthy: true }
 */
export const reportScheduleSchema = z.object({
  /** Names the schedule: its BullMQ job scheduler and its chain of reports (new / still open / resolved). */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes')
    .refine((id) => id !== ON_DEMAND, { message: `"${ON_DEMAND}" names the reports asked for on demand` }),
  pattern: z
    .string()
    .trim()
    .refine(
      (p) => [5, 6].includes(p.split(/\s+/).length),
      'a cron pattern of 5 (or 6, seconds first) fields',
    ),
  /** IANA time zone the pattern is read in (default UTC). */
  tz: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Amsterdam').default('UTC'),
  /** Chat channel of the report (default: the runner's channel). */
  channel: z.string().min(1).optional(),
  /** The cluster reported on (default: the runner's cluster). */
  cluster: z.string().min(1).optional(),
  /** Post nothing at all when nothing needs attention. */
  quietWhenHealthy: z.boolean().default(false),
  /** The report's own params: namespaces (default all), pendingMinutes (15), oomWindowHours (24). */
  ...healthReportParams.pick({ namespaces: true, pendingMinutes: true, oomWindowHours: true }).shape,
});
export type ReportSchedule = z.infer<typeof reportScheduleSchema>;

/** The schedules of a runner: ids must be unique. */
export const reportSchedulesSchema = z
  .array(reportScheduleSchema)
  .default([])
  .refine((list) => new Set(list.map((s) => s.id)).size === list.length, 'schedule ids must be unique');
