/**
 * The health of a connection as pure rules: what a signal (a call's outcome, an admin's action, a
 * reauthorization) does to the status, with the reason and the events to publish. The caller
 * applies a decision with the connection row locked, so two replicas that see the same failure
 * publish one transition.
 */
import type { FailureClass } from '../adapters';

export const CONNECTION_STATUSES = ['connected', 'degraded', 'reauth_required', 'paused', 'disconnected'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** The statuses a paused connection returns to on resume. */
export type ResumableStatus = Extract<ConnectionStatus, 'connected' | 'degraded' | 'reauth_required'>;

export const HEALTH_EVENTS = [
  'ConnectionAuthFailed',
  'ConnectionReauthRequired',
  'ConnectionDegraded',
  'ConnectionRestored',
  'ConnectionPaused',
  'ConnectionResumed',
  'ConnectionDeleted',
] as const;
export type HealthEvent = (typeof HEALTH_EVENTS)[number];

export interface HealthPolicy {
  /** Transient failures (5xx, timeouts, throttling) within the window that make a connection `degraded`. */
  degradeAfterFailures: number;
  windowSeconds: number;
}

export const DEFAULT_HEALTH_POLICY: HealthPolicy = { degradeAfterFailures: 3, windowSeconds: 300 };

export interface HealthSnapshot {
  status: ConnectionStatus;
  /** Transient failures counted in the window that started at `windowStartedAt`. */
  transientFailures: number;
  windowStartedAt: Date | null;
  /** Where `resume` goes back to; set while paused. */
  pausedFrom: ResumableStatus | null;
}

export type HealthSignal =
  | { kind: 'call_succeeded' }
  /** A call or probe failed for good; an `auth_expired` that a refresh could not cure arrives as the refresh's failure. */
  | { kind: 'call_failed'; failure: FailureClass }
  | { kind: 'paused' }
  | { kind: 'resumed' }
  /** New credentials were verified upstream and stored. */
  | { kind: 'reauthorized' }
  | { kind: 'disconnected' };

export interface HealthTransition {
  from: ConnectionStatus;
  to: ConnectionStatus;
  reason: string;
}

export interface HealthDecision {
  next: HealthSnapshot;
  /** Present when the status changes. */
  transition?: HealthTransition;
  /** What to publish, in order. */
  events: HealthEvent[];
}

export function initialHealth(): HealthSnapshot {
  return { status: 'connected', transientFailures: 0, windowStartedAt: null, pausedFrom: null };
}

/** Whether calls may go upstream: never while reauthorization is needed (no account lockouts), paused or disconnected. */
export function mayCallUpstream(status: ConnectionStatus): boolean {
  return status === 'connected' || status === 'degraded';
}

export function decideHealth(current: HealthSnapshot, signal: HealthSignal, now: Date, policy: HealthPolicy = DEFAULT_HEALTH_POLICY): HealthDecision {
  if (current.status === 'disconnected') return unchanged(current);
  if (signal.kind === 'disconnected') return move(current, { ...cleared(current), status: 'disconnected' }, 'the connection was deleted', ['ConnectionDeleted']);
  switch (current.status) {
    case 'paused':
      return whilePaused(current, signal);
    case 'reauth_required':
      return whileReauthRequired(current, signal);
    case 'connected':
    case 'degraded':
      return whileActive(current, signal, now, policy);
  }
}

function whilePaused(current: HealthSnapshot, signal: HealthSignal): HealthDecision {
  if (signal.kind === 'resumed') {
    const to = current.pausedFrom ?? 'connected';
    return move(current, { ...current, status: to, pausedFrom: null }, 'resumed by an administrator', ['ConnectionResumed']);
  }
  // Verified credentials while paused: resume will find the connection working.
  if (signal.kind === 'reauthorized') return { next: { ...cleared(current), pausedFrom: 'connected' }, events: [] };
  return unchanged(current);
}

function whileReauthRequired(current: HealthSnapshot, signal: HealthSignal): HealthDecision {
  if (signal.kind === 'reauthorized') return move(current, { ...cleared(current), status: 'connected' }, 'new credentials were verified', ['ConnectionRestored']);
  if (signal.kind === 'paused') return pause(current);
  // Nothing goes upstream in this state; a late outcome of a call made before the transition changes nothing.
  return unchanged(current);
}

function whileActive(current: HealthSnapshot, signal: HealthSignal, now: Date, policy: HealthPolicy): HealthDecision {
  switch (signal.kind) {
    case 'call_succeeded':
      if (current.status === 'degraded') return move(current, { ...cleared(current), status: 'connected' }, 'a call succeeded', ['ConnectionRestored']);
      return { next: cleared(current), events: [] };
    case 'call_failed':
      return afterFailure(current, signal.failure, now, policy);
    case 'paused':
      return pause(current);
    case 'reauthorized':
      if (current.status === 'degraded') return move(current, { ...cleared(current), status: 'connected' }, 'new credentials were verified', ['ConnectionRestored']);
      return { next: cleared(current), events: [] };
    case 'resumed':
    case 'disconnected':
      return unchanged(current);
  }
}

function afterFailure(current: HealthSnapshot, failure: FailureClass, now: Date, policy: HealthPolicy): HealthDecision {
  if (failure === 'auth_invalid') {
    return move(current, { ...cleared(current), status: 'reauth_required' }, 'the system refused the credentials (auth_invalid)', ['ConnectionAuthFailed', 'ConnectionReauthRequired']);
  }
  if (failure !== 'transient' && failure !== 'rate_limited') {
    // auth_expired is cured by a refresh before it gets here; permission, validation, conflict and
    // not-found failures are about one request, not about the connection.
    return unchanged(current);
  }
  const windowOpen = current.windowStartedAt !== null && now.getTime() - current.windowStartedAt.getTime() < policy.windowSeconds * 1000;
  const next: HealthSnapshot = windowOpen
    ? { ...current, transientFailures: current.transientFailures + 1 }
    : { ...current, transientFailures: 1, windowStartedAt: now };
  if (current.status === 'connected' && next.transientFailures >= policy.degradeAfterFailures) {
    const reason = `${next.transientFailures} transient failures within ${policy.windowSeconds} s (last: ${failure})`;
    return move(current, { ...next, status: 'degraded' }, reason, ['ConnectionDegraded']);
  }
  return { next, events: [] };
}

function pause(current: HealthSnapshot): HealthDecision {
  const from = current.status as ResumableStatus;
  return move(current, { ...current, status: 'paused', pausedFrom: from }, 'paused by an administrator', ['ConnectionPaused']);
}

function move(current: HealthSnapshot, next: HealthSnapshot, reason: string, events: HealthEvent[]): HealthDecision {
  return { next, transition: { from: current.status, to: next.status, reason }, events };
}

function unchanged(current: HealthSnapshot): HealthDecision {
  return { next: current, events: [] };
}

function cleared(current: HealthSnapshot): HealthSnapshot {
  return { ...current, transientFailures: 0, windowStartedAt: null };
}
