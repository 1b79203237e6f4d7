import { backoffDelayMs, DEFAULT_RETRY_POLICY } from './retry-policy';

describe('backoffDelayMs', () => {
  const policy = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles the ceiling per failed attempt, up to the maximum', () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(policy, attempt, () => 1));
    expect(ceilings).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('never waits less than half the ceiling (jitter)', () => {
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(200);
  });

  it('keeps the default retries well inside a consumer session timeout', () => {
    const worst = [1, 2, 3, 4].reduce((sum, attempt) => sum + backoffDelayMs(DEFAULT_RETRY_POLICY, attempt, () => 1), 0);
    expect(worst).toBeLessThan(10_000);
  });
});
