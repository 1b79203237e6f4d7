import type { SystemKind } from '../adapters/adapter';

/** Calls allowed per window of `seconds`: the window is fixed (rate-limiter-flexible's model), so `points` at most start in any one. */
export interface RateLimit {
  points: number;
  seconds: number;
}

export interface SystemRateLimits {
  reads: RateLimit;
  writes: RateLimit;
  /** Where the number comes from, for docs/services/connectors.md. */
  source: string;
}

/**
 * Each system's known limits: the one place the proactive budgets are seeded from (a connection
 * can override them). Where a vendor documents none, a conservative default keeps one customer's
 * sync from hammering its server; writes get less, as they cost the system more.
 */
export const SYSTEM_RATE_LIMITS: Readonly<Record<SystemKind, SystemRateLimits>> = {
  limble: { reads: { points: 1, seconds: 1 }, writes: { points: 1, seconds: 1 }, source: 'Limble documents about 1 request a second per API client; 429 with Retry-After beyond' },
  maximo: { reads: { points: 10, seconds: 1 }, writes: { points: 5, seconds: 1 }, source: 'none documented; conservative default' },
  sap: { reads: { points: 10, seconds: 1 }, writes: { points: 5, seconds: 1 }, source: 'none documented for API_MAINTENANCEORDER; conservative default' },
  fiix: { reads: { points: 10, seconds: 1 }, writes: { points: 5, seconds: 1 }, source: 'none documented; conservative default' },
  upkeep: { reads: { points: 10, seconds: 1 }, writes: { points: 5, seconds: 1 }, source: 'none documented; conservative default' },
  maintainx: { reads: { points: 10, seconds: 1 }, writes: { points: 5, seconds: 1 }, source: 'by plan; conservative default' },
};

export type BudgetKind = 'reads' | 'writes';

/** Reads are the methods that change nothing upstream; everything else spends the write budget. */
export function budgetKindOf(method: string): BudgetKind {
  return method === 'GET' || method === 'HEAD' ? 'reads' : 'writes';
}

/**
 * The connection settings that override its system's limits, in calls per second (decimals allowed:
 * `0.5` is one call every two seconds), checked when the settings are saved (400 naming the setting).
 */
export const RATE_BUDGET_SETTINGS: Readonly<Record<BudgetKind, string>> = { reads: 'rateBudgetReadsPerSecond', writes: 'rateBudgetWritesPerSecond' };
const MAX_PER_SECOND = 1_000;

/** Why a rate budget setting's value is refused, or undefined when it is fine. */
export function rateBudgetSettingProblem(value: string): string | undefined {
  const perSecond = Number(value);
  return /^\d+(\.\d+)?$/.test(value) && perSecond > 0 && perSecond <= MAX_PER_SECOND ? undefined : `must be a number of calls per second above 0 and at most ${MAX_PER_SECOND}`;
}

/** The limits a connection's settings override (valid ones only: they were checked on the way in). */
export function rateLimitOverrides(settings: Readonly<Record<string, string>> | undefined): Partial<Record<BudgetKind, RateLimit>> {
  const overrides: Partial<Record<BudgetKind, RateLimit>> = {};
  for (const kind of ['reads', 'writes'] as const) {
    const value = settings?.[RATE_BUDGET_SETTINGS[kind]];
    if (value === undefined || rateBudgetSettingProblem(value)) continue;
    const perSecond = Number(value);
    overrides[kind] = perSecond >= 1 ? { points: Math.floor(perSecond), seconds: 1 } : { points: 1, seconds: Math.round(1 / perSecond) };
  }
  return overrides;
}
