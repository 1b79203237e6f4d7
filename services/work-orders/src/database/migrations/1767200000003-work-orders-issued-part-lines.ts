import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `part_lines.issued_at`: when the line's parts were taken out of stock, i.e. the first completion
 * of its work order after the line was added (the assets service issues the lines a
 * `WorkOrderCompleted` lists). An issued line is never deleted or changed again, also after a
 * reopen, so the stock and the cost history stay true.
 */
export class WorkOrdersIssuedPartLines1767200000003 implements MigrationInterface {
  name = 'WorkOrdersIssuedPartLines1767200000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table part_lines add column issued_at timestamptz`);
    // Lines of work orders completed before this column existed: issued at the first completion
    // recorded in the history after they were added. Row-level security is forced on both tables
    // (even for the owner) and no tenant is set here, so it is lifted for this one statement.
    await queryRunner.query(`alter table part_lines no force row level security`);
    await queryRunner.query(`alter table work_order_history no force row level security`);
    await queryRunner.query(`
      update part_lines p
         set issued_at = (
           select min(h.at) from work_order_history h
            where h.tenant_id = p.tenant_id and h.work_order_id = p.work_order_id
              and h.kind = 'transition' and h.to_status = 'completed' and h.at >= p.created_at)
       where p.issued_at is null`);
    await queryRunner.query(`alter table work_order_history force row level security`);
    await queryRunner.query(`alter table part_lines force row level security`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table part_lines drop column issued_at`);
  }
}
