/**
 * When a failed delivery is tried again: exponential backoff from 5 s, doubling, each delay capped
 * at 4 h, for up to 24 h after the first attempt. "Equal jitter" (half the delay fixed, half
 * random) spreads the retries of many deliveries that failed together (a receiver's outage) while
 * keeping the delays growing. Pure: the random number is passed in.
 */
export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  giveUpAfterMs: number;
}

export const WEBHOOK_RETRY_POLICY: RetryPolicy = {
  firstDelayMs: 5_000,
  maxDelayMs: 4 * 60 * 60 * 1000,
  giveUpAfterMs: 24 * 60 * 60 * 1000,
};

/** The delay before the attempt after `attemptsMade` failed ones (1 = the first attempt failed). */
export function retryDelayMs(attemptsMade: number, random: number, policy: RetryPolicy = WEBHOOK_RETRY_POLICY): number {
  const exponential = Math.min(policy.firstDelayMs * 2 ** Math.max(0, attemptsMade - 1), policy.maxDelayMs);
  return Math.round(exponential / 2 + (exponential / 2) * clampUnit(random));
}

/** When to try next, or null when the next attempt would fall past the 24 h window. */
export function nextAttemptAt(
  input: { firstAttemptAt: Date; attemptsMade: number; failedAt: Date; random: number },
  policy: RetryPolicy = WEBHOOK_RETRY_POLICY,
): Date | null {
  const next = input.failedAt.getTime() + retryDelayMs(input.attemptsMade, input.random, policy);
  return next - input.firstAttemptAt.getTime() > policy.giveUpAfterMs ? null : new Date(next);
}

function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value));
}
