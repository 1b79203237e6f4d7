import { recentlyHealthy, SUCCESS_RECORD_INTERVAL_MS } from './upstream-gateway';

describe('recentlyHealthy (whether a success may skip the connection write)', () => {
  const now = Date.parse('2026-12-04T12:00:00Z');
  const healthy = { status: 'connected' as const, transientFailures: 0, windowStartedAt: null, lastSuccessAt: new Date(now - 1_000) };

  it('skips a success on a connected connection without a streak whose last success is recent', () => {
    expect(recentlyHealthy(healthy, now)).toBe(true);
  });

  it('records the success once lastSuccessAt is the interval old', () => {
    expect(recentlyHealthy({ ...healthy, lastSuccessAt: new Date(now - SUCCESS_RECORD_INTERVAL_MS) }, now)).toBe(false);
    expect(recentlyHealthy({ ...healthy, lastSuccessAt: null }, now)).toBe(false);
  });

  it('records every success that changes the health: degraded, or a failure streak to clear', () => {
    expect(recentlyHealthy({ ...healthy, status: 'degraded' }, now)).toBe(false);
    expect(recentlyHealthy({ ...healthy, transientFailures: 1, windowStartedAt: new Date(now - 5_000) }, now)).toBe(false);
    expect(recentlyHealthy({ ...healthy, windowStartedAt: new Date(now - 5_000) }, now)).toBe(false);
  });
});
