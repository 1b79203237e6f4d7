export { RateBudgets, RateBudgetExhausted, type BudgetScope, type LimiterFactory, type RateBudgetOptions } from './rate-budgets';
export { SYSTEM_RATE_LIMITS, budgetKindOf, type BudgetKind, type RateLimit, type SystemRateLimits } from './system-rate-limits';
export { postgresLimiters } from './postgres-limiters';
