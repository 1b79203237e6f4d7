import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shared rate budgets: one row per connection and kind (reads, writes) and window, in the
 * layout `rate-limiter-flexible`'s RateLimiterPostgres reads and writes (it is told the table
 * exists, so the service never needs DDL rights). No row-level security on purpose: keys are
 * `connection id:kind`, points and expiry times, nothing secret; every replica consumes from the
 * same row, which is what makes the budget shared.
 */
export class RateBudgets1796371618862 implements MigrationInterface {
  name = 'RateBudgets1796371618862';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table rate_budget_buckets (
        key varchar(255) primary key,
        points integer not null default 0,
        expire bigint
      )`);
    await queryRunner.query(`comment on table rate_budget_buckets is 'no row-level security: shared rate budgets per connection (ids, counts, times); holds no secret'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table rate_budget_buckets`);
  }
}
