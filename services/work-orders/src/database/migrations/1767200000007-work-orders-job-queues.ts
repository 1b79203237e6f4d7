import { createJobQueues, dropJobQueues, type JobQueueSpec } from '@mate/jobs';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const QUEUES: JobQueueSpec[] = [{ name: 'overdue-scan', policy: 'stately' }];

/** The service's job queues (src/overdue/overdue-scan.job.ts). */
export class WorkOrdersJobQueues1767200000007 implements MigrationInterface {
  name = 'WorkOrdersJobQueues1767200000007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createJobQueues(queryRunner, QUEUES);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropJobQueues(queryRunner, QUEUES);
  }
}
