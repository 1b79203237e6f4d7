import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = [
  'work_order_counters',
  'work_orders',
  'work_order_history',
  'work_order_comments',
  'checklist_items',
  'labour_entries',
  'part_lines',
  'other_costs',
  'work_requests',
  'known_assets',
  'known_locations',
] as const;

/**
 * The tenant of the transaction as an InitPlan: `(select …)` is evaluated once per statement,
 * where the bare expression of enableTenantRowLevelSecurity() is evaluated for every row
 * (B4: 2.4 → 1.3 ms for a 50-row page over 100,000 work orders). Same rule, same semantics.
 */
const CURRENT_TENANT_ONCE = `(select nullif(current_setting('app.tenant_id', true), '')::uuid)`;
const CURRENT_TENANT_PER_ROW = `nullif(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * Faster list queries. Indexes that serve the list's sort orders directly, so a filtered page is an ordered index scan
 * that stops after the page instead of a scan and sort of every matching row (B4). The due-date
 * sort puts undated work last: the index is on the same expression the query orders by.
 */
export class WorkOrdersListIndexes1767200000001 implements MigrationInterface {
  name = 'WorkOrdersListIndexes1767200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop index work_orders_status_due_idx`);
    await queryRunner.query(
      `create index work_orders_status_due_idx on work_orders (tenant_id, status, (coalesce(due_at, 'infinity'::timestamptz)), id)`,
    );
    await queryRunner.query(`create index work_orders_due_order_idx on work_orders (tenant_id, (coalesce(due_at, 'infinity'::timestamptz)), id)`);
    await queryRunner.query(`create index work_orders_priority_order_idx on work_orders (tenant_id, priority_rank, id)`);
    await queryRunner.query(`create index work_orders_updated_order_idx on work_orders (tenant_id, updated_at, id)`);
    for (const table of TENANT_TABLES) {
      await queryRunner.query(
        `alter policy tenant_isolation on "${table}" using (tenant_id = ${CURRENT_TENANT_ONCE}) with check (tenant_id = ${CURRENT_TENANT_ONCE})`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) {
      await queryRunner.query(
        `alter policy tenant_isolation on "${table}" using (tenant_id = ${CURRENT_TENANT_PER_ROW}) with check (tenant_id = ${CURRENT_TENANT_PER_ROW})`,
      );
    }
    await queryRunner.query(`drop index work_orders_updated_order_idx`);
    await queryRunner.query(`drop index work_orders_priority_order_idx`);
    await queryRunner.query(`drop index work_orders_due_order_idx`);
    await queryRunner.query(`drop index work_orders_status_due_idx`);
    await queryRunner.query(`create index work_orders_status_due_idx on work_orders (tenant_id, status, due_at, id)`);
  }
}
