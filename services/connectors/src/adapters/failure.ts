/**
 * What an upstream failure means for the connection, decided per connector from the status *and*
 * the body (connectors.md: Maximo's 400 can be a dead key, Fiix's errors come in a 200, a 403 can
 * be throttling). The health state machine acts on the class, never on a status code.
 */
export const FAILURE_CLASSES = [
  /** The credential is refused for good (wrong, rotated, revoked): reauthorization is needed. */
  'auth_invalid',
  /** A token or session ran out: refresh it and try again. */
  'auth_expired',
  /** Authenticated, but the connected account may not do this: not a reauthorization. */
  'permission_denied',
  'rate_limited',
  /** 5xx, timeouts, resets, malformed bodies: worth another try later. */
  'transient',
  'upstream_validation',
  'conflict',
  'not_found',
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** The failures that are the credential's fault and end in reauthorization unless a refresh cures them. */
export function isAuthFailure(failure: FailureClass): boolean {
  return failure === 'auth_invalid' || failure === 'auth_expired';
}

/** Failures that say the system is unwell rather than the request wrong: they count towards `degraded`. */
export function isTransientFailure(failure: FailureClass): boolean {
  return failure === 'transient' || failure === 'rate_limited';
}

/**
 * A classified upstream failure. The message names the system, the operation and the class, never
 * the upstream body or a header: bodies can echo what was sent (credentials included).
 */
export class UpstreamFailure extends Error {
  constructor(
    readonly classification: FailureClass,
    /** `compensation`: what a multi-call write undid after this failure (nothing of it remains upstream), or failed to undo. */
    readonly detail: { system: string; operation: string; status?: number; retryAfterSeconds?: number; code?: string; compensation?: { complete: boolean; note: string } },
  ) {
    const status = detail.status === undefined ? '' : ` (HTTP ${detail.status}${detail.code ? ` ${detail.code}` : ''})`;
    super(`${detail.system} ${detail.operation}: ${classification}${status}`);
  }
}

/** What the generic rules read of a reply: its status, and its body where the status misleads. */
export interface StatusAndBody {
  status: number;
  text: string;
}

/**
 * Throttling answered as a 403 (Accruent's "Exceeded Connections Limit", with no header; API
 * gateways in front of any system): only the body tells it from a refusal, and taking it for one
 * would stop a healthy connection or lock the customer out.
 */
const THROTTLING_403_BODY = /exceeded connections? limit|rate limit exceeded|too many requests/i;

/** The class of a reply that a system does not explain further in its own error shape; `undefined` for a success. */
export function classifyByStatus(reply: StatusAndBody): FailureClass | undefined {
  return reply.status < 300 ? undefined : classifyStatus(reply);
}

/** The class of a failed reply that a system does not explain further in its own error shape. */
export function classifyStatus({ status, text }: StatusAndBody): FailureClass {
  if (status === 401) return 'auth_invalid';
  if (status === 403) return THROTTLING_403_BODY.test(text) ? 'rate_limited' : 'permission_denied';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 409 || status === 412 || status === 428) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 408 || status >= 500) return 'transient';
  return 'upstream_validation';
}
