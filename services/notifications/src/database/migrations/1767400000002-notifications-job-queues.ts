import { createJobQueues, dropJobQueues, type JobQueueSpec } from '@mate/jobs';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const QUEUES: JobQueueSpec[] = [
  { name: 'notification-delivery', policy: 'stately' },
  { name: 'notification-deliveries-due', policy: 'stately' },
];

/** The service's job queues (src/deliveries/jobs/). */
export class NotificationsJobQueues1767400000002 implements MigrationInterface {
  name = 'NotificationsJobQueues1767400000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createJobQueues(queryRunner, QUEUES);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropJobQueues(queryRunner, QUEUES);
  }
}
