import { nextAttemptAt, retryDelayMs, WEBHOOK_RETRY_POLICY } from './retry-schedule';

describe('webhook retry schedule', () => {
  it('doubles from 5 s with half the delay jittered', () => {
    expect(retryDelayMs(1, 0)).toBe(2_500);
    expect(retryDelayMs(1, 1)).toBe(5_000);
    expect(retryDelayMs(2, 1)).toBe(10_000);
    expect(retryDelayMs(3, 0.5)).toBe(15_000);
  });

  it('caps each delay at 4 hours', () => {
    expect(retryDelayMs(30, 1)).toBe(WEBHOOK_RETRY_POLICY.maxDelayMs);
  });

  it('keeps retrying for 24 hours after the first attempt, then gives up', () => {
    const first = new Date('2026-12-04T00:00:00Z');
    let failedAt = first;
    let attempts = 1;
    for (;;) {
      const next = nextAttemptAt({ firstAttemptAt: first, attemptsMade: attempts, failedAt, random: 1 });
      if (next === null) break;
      expect(next.getTime()).toBeGreaterThan(failedAt.getTime());
      failedAt = next;
      attempts += 1;
    }
    expect(failedAt.getTime() - first.getTime()).toBeLessThanOrEqual(WEBHOOK_RETRY_POLICY.giveUpAfterMs);
    expect(failedAt.getTime() - first.getTime()).toBeGreaterThan(WEBHOOK_RETRY_POLICY.giveUpAfterMs - WEBHOOK_RETRY_POLICY.maxDelayMs);
    expect(attempts).toBeGreaterThan(10);
  });

  it('spreads retries of deliveries that failed together', () => {
    const delays = [0, 0.25, 0.5, 0.75, 1].map((random) => retryDelayMs(4, random));
    expect(new Set(delays).size).toBe(5);
  });
});
