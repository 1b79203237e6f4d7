import { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { LimiterFactory } from './rate-budgets';

/** Limiters on the service's own pool (TypeORM DataSource) and the migrated `rate_budget_buckets` table: one budget for all replicas. */
export function postgresLimiters(dataSource: DataSource): LimiterFactory {
  return (limit, keyPrefix) =>
    new RateLimiterPostgres({ storeClient: dataSource, storeType: 'typeorm', tableName: 'rate_budget_buckets', tableCreated: true, points: limit.points, duration: limit.seconds, keyPrefix });
}
