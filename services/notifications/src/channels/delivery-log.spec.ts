import { deliveryAttemptLogEntry } from './delivery-log';

describe('deliveryAttemptLogEntry', () => {
  const attempt = { deliveryId: 'd1', attempt: 3, channel: 'webhook' as const, attemptedAt: new Date('2026-12-04T08:00:00Z') };

  it('records status, latency and our reason, and nothing else', () => {
    const entry = deliveryAttemptLogEntry(attempt, { kind: 'retryable', latencyMs: 42, responseStatus: 503, reason: 'receiver answered 503' });
    expect(entry).toEqual({ ...attempt, outcome: 'retryable', responseStatus: 503, latencyMs: 42, error: 'receiver answered 503' });
  });

  it('has no error for a delivered attempt', () => {
    expect(deliveryAttemptLogEntry(attempt, { kind: 'delivered', latencyMs: 7, responseStatus: 200 }).error).toBeNull();
  });
});
