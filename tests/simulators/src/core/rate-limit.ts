/** A token bucket per credential: `perSecond` sustained, `burst` at once; beyond that the system answers 429. */

export interface RateLimitSettings {
  perSecond: number;
  burst: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(public settings: RateLimitSettings | null) {}

  /** Takes a token for `key`; returns 0 if allowed, else the whole seconds to wait (Retry-After). */
  take(key: string, now = Date.now()): number {
    if (!this.settings) return 0;
    const { perSecond, burst } = this.settings;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  }

  configure(settings: RateLimitSettings | null): void {
    this.settings = settings;
    this.buckets.clear();
  }
}
