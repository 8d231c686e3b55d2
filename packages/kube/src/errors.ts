/** Error codes of @triage/kube. The runner retries only the codes `isRetryable` accepts. */
export const kubeErrorCodes = {
  /** No kubeconfig file and not running in a cluster. */
  configNotFound: 'TRIAGE_ERR_KUBE_CONFIG_NOT_FOUND',
  /** The kubeconfig exists but cannot be used (bad file, unknown context). */
  configInvalid: 'TRIAGE_ERR_KUBE_CONFIG_INVALID',
  /** 401: the credentials were rejected. */
  unauthorized: 'TRIAGE_ERR_KUBE_UNAUTHORIZED',
  /** 403: RBAC does not allow the request. */
  forbidden: 'TRIAGE_ERR_KUBE_FORBIDDEN',
  /** 404 on a list or on a resource type the server does not serve. */
  notFound: 'TRIAGE_ERR_KUBE_NOT_FOUND',
  /** 400/422, an invalid name or an unknown resource: the request itself is wrong. */
  badRequest: 'TRIAGE_ERR_KUBE_BAD_REQUEST',
  /** 429, 5xx, 410 (expired list), timeouts, refused connections: worth retrying later. */
  unavailable: 'TRIAGE_ERR_KUBE_UNAVAILABLE',
  /** The caller's AbortSignal fired (deadline or cancellation). */
  aborted: 'TRIAGE_ERR_KUBE_ABORTED',
  /** pods/exec could not run the command (connection refused or upgrade rejected, container not running). */
  execFailed: 'TRIAGE_ERR_KUBE_EXEC_FAILED',
  /** Copying a file out of a pod failed: missing, larger than allowed, or not a tar stream. */
  copyFailed: 'TRIAGE_ERR_KUBE_COPY_FAILED',
} as const;

export type KubeErrorCode = (typeof kubeErrorCodes)[keyof typeof kubeErrorCodes];

const retryableCodes: ReadonlySet<KubeErrorCode> = new Set([kubeErrorCodes.unavailable]);

/** A failed Kubernetes API call or configuration step, with a code and the HTTP status when there was one. */
export class KubeError extends Error {
  override readonly name = 'KubeError';
  readonly code: KubeErrorCode;
  /** HTTP status of the API answer, when the server answered. */
  readonly status: number | undefined;
  /** Seconds the server asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: KubeErrorCode,
    message: string,
    options: { status?: number; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** True for errors a later attempt may not meet (server busy or down, timeouts); false for everything else. */
export function isRetryable(err: unknown): boolean {
  return err instanceof KubeError && retryableCodes.has(err.code);
}

/** What the request was, for messages: `list pods in namespace shop`, `get nodes/aks-1`. */
export interface RequestDescription {
  /** The RBAC verb (`create` for an eviction, `patch` for a patch). */
  verb: 'get' | 'list' | 'create' | 'patch' | 'delete' | 'deletecollection';
  resource: string;
  name?: string;
  namespace?: string;
}

export function describeRequest(req: RequestDescription): string {
  const target = req.name ? `${req.resource}/${req.name}` : req.resource;
  const where = req.namespace
    ? ` in namespace ${req.namespace}`
    : req.verb === 'list'
      ? ' in all namespaces'
      : '';
  return `${req.verb} ${target}${where}`;
}

/**
 * Maps an API answer that is not 2xx to a KubeError. `serverMessage` is the `message` of the
 * Kubernetes Status body when there was one.
 */
export function errorFromStatus(
  status: number,
  req: RequestDescription,
  serverMessage: string | undefined,
  retryAfterSeconds?: number,
): KubeError {
  const what = describeRequest(req);
  const said = serverMessage ? `: ${serverMessage}` : '';
  const opts = { status, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) };
  if (status === 401) {
    return new KubeError(
      kubeErrorCodes.unauthorized,
      `${what} was rejected as unauthenticated (401)${said}. Check the kubeconfig credentials.`,
      opts,
    );
  }
  if (status === 403) {
    const scope = req.namespace ? `a Role in namespace ${req.namespace}` : 'a ClusterRole';
    return new KubeError(
      kubeErrorCodes.forbidden,
      `${what} is forbidden (403)${said}. Grant the verb "${req.verb}" on "${req.resource}" to triage's service account (${scope} and binding).`,
      opts,
    );
  }
  if (status === 404) {
    return new KubeError(kubeErrorCodes.notFound, `${what}: not found (404)${said}`, opts);
  }
  if (status === 410) {
    return new KubeError(
      kubeErrorCodes.unavailable,
      `${what}: the list continue token expired (410)${said}; retry the list from the start`,
      opts,
    );
  }
  if (status === 429 || status >= 500) {
    return new KubeError(
      kubeErrorCodes.unavailable,
      `${what}: API server unavailable (${status})${said}`,
      opts,
    );
  }
  return new KubeError(kubeErrorCodes.badRequest, `${what}: request rejected (${status})${said}`, opts);
}
