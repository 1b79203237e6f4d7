import type { FailureClass } from '../adapters';
import { decideHealth, initialHealth, mayCallUpstream, type HealthSignal, type HealthSnapshot } from './index';

const POLICY = { degradeAfterFailures: 3, windowSeconds: 60 };
const T0 = new Date('2026-12-04T08:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const failed = (failure: FailureClass): HealthSignal => ({ kind: 'call_failed', failure });

function run(signals: [HealthSignal, number][], start: HealthSnapshot = initialHealth()) {
  let state = start;
  const events: string[] = [];
  for (const [signal, second] of signals) {
    const decision = decideHealth(state, signal, at(second), POLICY);
    state = decision.next;
    events.push(...decision.events);
  }
  return { state, events };
}

const inStatus = (status: HealthSnapshot['status'], pausedFrom: HealthSnapshot['pausedFrom'] = null): HealthSnapshot => ({ ...initialHealth(), status, pausedFrom });

describe('health state machine', () => {
  it('moves to reauth_required on the first definitive auth failure, with the failure and the transition as events', () => {
    const decision = decideHealth(initialHealth(), failed('auth_invalid'), T0, POLICY);
    expect(decision.transition).toEqual({ from: 'connected', to: 'reauth_required', reason: expect.stringContaining('auth_invalid') });
    expect(decision.events).toEqual(['ConnectionAuthFailed', 'ConnectionReauthRequired']);
  });

  it('moves a degraded connection to reauth_required too', () => {
    expect(decideHealth(inStatus('degraded'), failed('auth_invalid'), T0, POLICY).next.status).toBe('reauth_required');
  });

  it.each(['auth_expired', 'permission_denied', 'upstream_validation', 'conflict', 'not_found'] as const)('does not change the status on %s', (failure) => {
    const decision = decideHealth(initialHealth(), failed(failure), T0, POLICY);
    expect(decision).toEqual({ next: initialHealth(), events: [] });
  });

  it('degrades after the threshold of transient failures within the window, once', () => {
    const { state, events } = run([
      [failed('transient'), 0],
      [failed('rate_limited'), 10],
      [failed('transient'), 20],
      [failed('transient'), 30],
    ]);
    expect(state.status).toBe('degraded');
    expect(events).toEqual(['ConnectionDegraded']);
  });

  it('does not degrade when the failures are spread over more than the window', () => {
    const { state, events } = run([
      [failed('transient'), 0],
      [failed('transient'), 30],
      [failed('transient'), 61],
    ]);
    expect(state).toMatchObject({ status: 'connected', transientFailures: 1 });
    expect(events).toEqual([]);
  });

  it('a success resets the count, and restores a degraded connection', () => {
    expect(run([[failed('transient'), 0], [failed('transient'), 1], [{ kind: 'call_succeeded' }, 2], [failed('transient'), 3], [failed('transient'), 4]]).state.status).toBe('connected');
    const restored = decideHealth(inStatus('degraded'), { kind: 'call_succeeded' }, T0, POLICY);
    expect(restored.transition).toEqual({ from: 'degraded', to: 'connected', reason: 'a call succeeded' });
    expect(restored.events).toEqual(['ConnectionRestored']);
  });

  it('ignores late outcomes while reauthorization is needed, and is restored by verified new credentials', () => {
    const reauth = inStatus('reauth_required');
    for (const signal of [failed('auth_invalid'), failed('transient'), { kind: 'call_succeeded' } as const, { kind: 'resumed' } as const]) {
      expect(decideHealth(reauth, signal, T0, POLICY)).toEqual({ next: reauth, events: [] });
    }
    const restored = decideHealth(reauth, { kind: 'reauthorized' }, T0, POLICY);
    expect(restored.transition).toEqual({ from: 'reauth_required', to: 'connected', reason: 'new credentials were verified' });
    expect(restored.events).toEqual(['ConnectionRestored']);
  });

  it('pauses from any active status and resumes to where it was', () => {
    for (const status of ['connected', 'degraded', 'reauth_required'] as const) {
      const paused = decideHealth(inStatus(status), { kind: 'paused' }, T0, POLICY);
      expect(paused.next).toMatchObject({ status: 'paused', pausedFrom: status });
      expect(paused.events).toEqual(['ConnectionPaused']);
      const resumed = decideHealth(paused.next, { kind: 'resumed' }, T0, POLICY);
      expect(resumed.next).toMatchObject({ status, pausedFrom: null });
      expect(resumed.events).toEqual(['ConnectionResumed']);
    }
  });

  it('a paused connection reauthorized resumes connected; pausing twice publishes once', () => {
    const { state, events } = run([[{ kind: 'paused' }, 0], [{ kind: 'paused' }, 1], [{ kind: 'reauthorized' }, 2], [{ kind: 'resumed' }, 3]], inStatus('reauth_required'));
    expect(state.status).toBe('connected');
    expect(events).toEqual(['ConnectionPaused', 'ConnectionResumed']);
  });

  it('a deleted connection is disconnected for good', () => {
    const { state, events } = run([[{ kind: 'disconnected' }, 0], [{ kind: 'reauthorized' }, 1], [{ kind: 'resumed' }, 2], [{ kind: 'disconnected' }, 3]]);
    expect(state.status).toBe('disconnected');
    expect(events).toEqual(['ConnectionDeleted']);
  });

  it('lets calls go upstream only while connected or degraded', () => {
    expect(['connected', 'degraded', 'reauth_required', 'paused', 'disconnected'].filter((s) => mayCallUpstream(s as HealthSnapshot['status']))).toEqual(['connected', 'degraded']);
  });
});
