import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { SYSTEM_RATE_LIMITS, type BudgetKind, type RateLimit } from './system-rate-limits';
import type { SystemKind } from '../adapters/adapter';

/** Whose budget a call spends. */
export interface BudgetScope {
  system: SystemKind;
  connectionId: string;
  /** The connection's own limits, where it overrides its system's. */
  override?: Partial<Record<BudgetKind, RateLimit>>;
}

/** Builds the limiter of one limit: RateLimiterPostgres in the service (shared by replicas), RateLimiterMemory in unit tests. */
export type LimiterFactory = (limit: RateLimit, keyPrefix: string) => RateLimiterAbstract;

export interface RateBudgetOptions {
  /**
   * The longest a call waits for its budget before it fails `rate_limited` (the bound that keeps
   * a wait from hanging a sync forever; a sync then retries the page later).
   */
  maxWaitMs: number;
  /** Told of every wait (the throttled-waits histogram). */
  observeWait?: (system: SystemKind, kind: BudgetKind, seconds: number) => void;
}

export class RateBudgetExhausted extends Error {
  constructor(readonly waitedMs: number) {
    super(`rate budget still exhausted after waiting ${waitedMs} ms`);
  }
}

/**
 * Proactive token budgets per connection and kind (reads, writes), seeded from SYSTEM_RATE_LIMITS
 * and overridable per connection: a call over budget waits for the next window rather than
 * failing, up to `maxWaitMs`. With the PostgreSQL store every replica consumes from the same row,
 * so two replicas together stay within the system's limit.
 */
export class RateBudgets {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(
    private readonly createLimiter: LimiterFactory,
    private readonly options: RateBudgetOptions,
  ) {}

  /** Resolves once the call may go; returns the milliseconds waited. */
  async take(scope: BudgetScope, kind: BudgetKind): Promise<number> {
    const limit = scope.override?.[kind] ?? SYSTEM_RATE_LIMITS[scope.system][kind];
    const limiter = this.limiterFor(limit);
    let waited = 0;
    for (;;) {
      const wait = await consumeOrWait(limiter, `${scope.connectionId}:${kind}`);
      if (wait === 0) break;
      if (waited + wait > this.options.maxWaitMs) throw new RateBudgetExhausted(waited);
      await sleep(wait);
      waited += wait;
    }
    if (waited > 0) this.options.observeWait?.(scope.system, kind, waited / 1000);
    return waited;
  }

  /** One limiter per distinct limit (keyed by it, so an override never shares counters with a default). */
  private limiterFor(limit: RateLimit): RateLimiterAbstract {
    const prefix = `rb${limit.points}per${limit.seconds}`;
    let limiter = this.limiters.get(prefix);
    if (!limiter) {
      limiter = this.createLimiter(limit, prefix);
      this.limiters.set(prefix, limiter);
    }
    return limiter;
  }
}

/** 0 when a point was taken, else the milliseconds until the window frees one. */
async function consumeOrWait(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key, 1);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
    throw rejection;
  }
}
