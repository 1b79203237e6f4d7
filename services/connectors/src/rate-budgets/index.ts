export { RateBudgets, RateBudgetExhausted, type BudgetScope, type LimiterFactory, type RateBudgetOptions } from './rate-budgets';
export { RATE_BUDGET_SETTINGS, SYSTEM_RATE_LIMITS, budgetKindOf, rateBudgetSettingProblem, rateLimitOverrides, type BudgetKind, type RateLimit, type SystemRateLimits } from './system-rate-limits';
export { postgresLimiters } from './postgres-limiters';
