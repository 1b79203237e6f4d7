import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `checklist_items.meter_read_at`: when a meter-reading answer was read. Answering an item with
 * what it already holds is a no-op; for a meter reading that includes the read time, which was
 * not stored before (null for older answers: a resend that names a read time counts as new).
 */
export class WorkOrdersChecklistMeterReadAt1767200000004 implements MigrationInterface {
  name = 'WorkOrdersChecklistMeterReadAt1767200000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table checklist_items add column meter_read_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table checklist_items drop column meter_read_at`);
  }
}
