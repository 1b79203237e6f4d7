import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Downtime recorded on a work order reaches the asset through `WorkOrderCompleted` and
 * `WorkOrderCancelled`. Such an interval is the work order's: one per work order, replaced when a
 * reopened work order is completed again. `origin` tells it apart from intervals opened by status
 * changes and recorded through the API, which may also name a work order (several per work order);
 * the unique index makes "one per work order" hold under concurrent or repeated deliveries.
 */
export class DowntimeWorkOrderOrigin1767100000002 implements MigrationInterface {
  name = 'DowntimeWorkOrderOrigin1767100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table downtimes add column origin text not null default 'asset' check (origin in ('asset', 'work_order'))`);
    await queryRunner.query(`create unique index downtimes_work_order_idx on downtimes (tenant_id, work_order_id) where origin = 'work_order'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop index if exists downtimes_work_order_idx`);
    await queryRunner.query(`alter table downtimes drop column origin`);
  }
}
