import { z } from 'zod';
import { describeIssue } from './describe-zod-error.js';

/** `schemaId` of the Azure Monitor common alert schema. */
export const COMMON_ALERT_SCHEMA_ID = 'azureMonitorCommonAlertSchema';

const stringMap = z.record(z.string(), z.string());
// Azure writes up to 7 fractional digits (`2025-03-04T08:12:30.6017855Z`).
const timestamp = z.iso.datetime({ offset: true, local: true });

const dimensionSchema = z.looseObject({
  name: z.string().min(1),
  value: z.union([z.string(), z.number(), z.boolean()]).nullable(),
});
const dimensionsSchema = z.array(dimensionSchema).nullish();

/** `data.essentials`: the part every common-schema alert has. Unknown fields are kept. */
export const azureEssentialsSchema = z.looseObject({
  alertId: z.string().min(1),
  alertRule: z.string().min(1),
  severity: z.enum(['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4']),
  signalType: z.string().nullish(),
  monitorCondition: z.enum(['Fired', 'Resolved']),
  monitoringService: z.string().min(1),
  alertTargetIDs: z.array(z.string()).nullish(),
  configurationItems: z.array(z.string()).nullish(),
  originAlertId: z.string().nullish(),
  firedDateTime: timestamp,
  resolvedDateTime: timestamp.nullish(),
  description: z.string().nullish(),
});

/** alertContext of Azure Monitor managed Prometheus alerts (`monitoringService: Prometheus`). */
export const prometheusContextSchema = z.looseObject({
  labels: stringMap.default({}),
  annotations: stringMap.nullish(),
  expression: z.string().nullish(),
  ruleGroup: z.string().nullish(),
});

/** alertContext of metric alerts and log search alerts V2: criteria with dimensions. */
export const conditionContextSchema = z.looseObject({
  properties: z.record(z.string(), z.unknown()).nullish(),
  conditionType: z.string().nullish(),
  condition: z
    .looseObject({
      allOf: z
        .array(
          z.looseObject({
            metricName: z.string().nullish(),
            searchQuery: z.string().nullish(),
            dimensions: dimensionsSchema,
          }),
        )
        .nullish(),
      windowStartTime: timestamp.nullish(),
      windowEndTime: timestamp.nullish(),
    })
    .nullish(),
});

/** alertContext of legacy log alerts (`Log Analytics`, `Application Insights`): PascalCase fields. */
export const legacyLogContextSchema = z.looseObject({
  SearchQuery: z.string().nullish(),
  Dimensions: dimensionsSchema,
});

export type PrometheusContext = z.output<typeof prometheusContextSchema>;
export type ConditionContext = z.output<typeof conditionContextSchema>;
export type LegacyLogContext = z.output<typeof legacyLogContextSchema>;

/** The alertContext, told apart by `monitoringService`; `other` for shapes read from essentials only. */
export type AzureAlertContext =
  | { kind: 'prometheus'; value: PrometheusContext }
  | { kind: 'condition'; value: ConditionContext }
  | { kind: 'legacy-log'; value: LegacyLogContext }
  | { kind: 'other' };

const contextSchemas = {
  Prometheus: { kind: 'prometheus', schema: prometheusContextSchema },
  Platform: { kind: 'condition', schema: conditionContextSchema },
  'Log Alerts V2': { kind: 'condition', schema: conditionContextSchema },
  'Simple Log Alert': { kind: 'condition', schema: conditionContextSchema },
  'Log Analytics': { kind: 'legacy-log', schema: legacyLogContextSchema },
  'Application Insights': { kind: 'legacy-log', schema: legacyLogContextSchema },
} as const;

const envelopeSchema = z.looseObject({
  schemaId: z.literal(COMMON_ALERT_SCHEMA_ID),
  data: z.looseObject({
    essentials: azureEssentialsSchema,
    alertContext: z.unknown().optional(),
    customProperties: stringMap.nullish(),
  }),
});

/**
 * An Azure Monitor common alert schema payload (one alert), with its alertContext validated for the
 * monitoring services we read (`context`). Unknown fields and services are kept, not rejected.
 */
export const azureMonitorPayloadSchema = envelopeSchema.transform((payload, ctx) => {
  const service = payload.data.essentials.monitoringService;
  const entry = Object.hasOwn(contextSchemas, service)
    ? contextSchemas[service as keyof typeof contextSchemas]
    : undefined;
  if (!entry) return { ...payload, context: { kind: 'other' } as AzureAlertContext };
  const parsed = entry.schema.safeParse(payload.data.alertContext);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.addIssue({
        code: 'custom',
        message: describeIssue(issue),
        path: ['data', 'alertContext', ...issue.path],
        input: issue.input,
      });
    }
    return z.NEVER;
  }
  return { ...payload, context: { kind: entry.kind, value: parsed.data } as AzureAlertContext };
});

export type AzureMonitorPayload = z.output<typeof azureMonitorPayloadSchema>;

/** True when `body` says it is a common alert schema payload (it may still be invalid). */
export function isCommonAlertSchema(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { schemaId?: unknown }).schemaId === COMMON_ALERT_SCHEMA_ID
  );
}
