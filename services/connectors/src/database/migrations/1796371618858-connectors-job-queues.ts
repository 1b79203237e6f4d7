import { createJobQueues, dropJobQueues, type JobQueueSpec } from '@mate/jobs';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const QUEUES: JobQueueSpec[] = [{ name: 'connection-probe-round', policy: 'stately' }];

/** The service's job queues (src/probes/probe-round.job.ts). */
export class ConnectorsJobQueues1796371618858 implements MigrationInterface {
  name = 'ConnectorsJobQueues1796371618858';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createJobQueues(queryRunner, QUEUES);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropJobQueues(queryRunner, QUEUES);
  }
}
