import type { MigrationInterface, QueryRunner } from 'typeorm';

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
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop index work_orders_updated_order_idx`);
    await queryRunner.query(`drop index work_orders_priority_order_idx`);
    await queryRunner.query(`drop index work_orders_due_order_idx`);
    await queryRunner.query(`drop index work_orders_status_due_idx`);
    await queryRunner.query(`create index work_orders_status_due_idx on work_orders (tenant_id, status, due_at, id)`);
  }
}
