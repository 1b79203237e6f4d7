import { createJobQueues, dropJobQueues, type JobQueueSpec } from '@mate/jobs';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const QUEUES: JobQueueSpec[] = [
  { name: 'notification-escalation', policy: 'stately' },
  { name: 'notification-escalations-due', policy: 'stately' },
];

/**
 * The escalation timer of each open critical alert: written in the transaction that opened it,
 * handed to the job queue by the sweep when due. Ids and times only (no row-level security: the
 * sweep belongs to no tenant).
 */
export class NotificationsEscalations1767400000003 implements MigrationInterface {
  name = 'NotificationsEscalations1767400000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table escalation_schedule (
        alert_id uuid primary key references alerts (id),
        tenant_id uuid not null,
        rule_id uuid not null,
        level int not null,
        due_at timestamptz not null
      )`);
    await queryRunner.query(`create index escalation_schedule_due on escalation_schedule (due_at)`);
    await createJobQueues(queryRunner, QUEUES);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropJobQueues(queryRunner, QUEUES);
    await queryRunner.query(`drop table escalation_schedule`);
  }
}
