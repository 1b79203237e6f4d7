export interface RetryPolicy {
  /** Attempts in all, the first included, before the message goes to the dead-letter topic. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * Kept short on purpose: kafkajs heartbeats only between messages (kafkajs 447), so retries
 * happen in place with explicit heartbeats and must end well before the session times out.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 3_000 };

/** Exponential backoff with full jitter for the given failed attempt (1-based). */
export function backoffDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (failedAttempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A failure that no retry can fix (undecodable payload, invalid envelope): dead-letter at once. */
export class PermanentEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentEventError';
  }
}
