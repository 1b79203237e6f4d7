import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A preventive work order generated for a missed occurrence under the PM plan's catch_up_one
 * policy (PmOccurrenceDue.catch_up) says so: the planner sees it is late work, not the current cycle.
 */
export class WorkOrdersPmCatchUp1767200000008 implements MigrationInterface {
  name = 'WorkOrdersPmCatchUp1767200000008';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table work_orders add column pm_catch_up boolean not null default false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table work_orders drop column pm_catch_up`);
  }
}
