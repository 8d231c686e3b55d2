/** Kubernetes `StatusReason` values the simulator answers with. */
export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'Expired'
  | 'Forbidden'
  | 'RequestEntityTooLarge';

/** One `details.causes[]` entry of a Status (the Go `Type` field is `reason` on the wire). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** `details` of a Kubernetes Status. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

const httpStatusOf: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  BadRequest: 400,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
  InternalError: 500,
  Expired: 410,
  Forbidden: 403,
  RequestEntityTooLarge: 413,
};

/**
 * An error the API server turns into a Kubernetes `Status` answer. The store throws these too, so a
 * caller in-process sees the same reason the wire would carry.
 * `code` follows the project convention: `TRIAGE_ERR_SIM_<REASON>`.
 */
export class KubeApiError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  constructor(
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeApiError';
    this.httpStatus = httpStatusOf[reason];
    this.code = `TRIAGE_ERR_SIM_${reason.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
  }

  /** The wire form: a `v1.Status` object. */
  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.httpStatus,
    };
  }
}

/** A scenario directory or file that cannot be loaded; the message names the file and the object. */
export class ScenarioError extends Error {
  readonly code = 'TRIAGE_ERR_SIM_SCENARIO';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScenarioError';
  }
}

/** Bad simulator options (unknown scenario name, invalid fault settings). */
export class SimulatorConfigError extends Error {
  readonly code = 'TRIAGE_ERR_SIM_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorConfigError';
  }
}

/** `pods`, `deployments.apps`: how API messages name a resource. */
export function qualifiedResource(type: { plural: string; group: string }): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

/** NotFound as the API words it: `pods "x" not found`, `deployments.apps "x" not found`. */
export function objectNotFound(type: { plural: string; group: string }, name: string): KubeApiError {
  return new KubeApiError('NotFound', `${qualifiedResource(type)} "${name}" not found`, {
    name,
    group: type.group || undefined,
    kind: type.plural,
  });
}

/** NotFound for paths and resources the server does not serve. */
export function resourceNotFound(): KubeApiError {
  return new KubeApiError('NotFound', 'the server could not find the requested resource');
}

/** MethodNotAllowed (405) as the API words it. */
export function methodNotAllowed(): KubeApiError {
  return new KubeApiError(
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );
}
