import PgBoss from 'pg-boss';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { JobQueuePolicy } from './job-definition';

/** The schema pg-boss keeps its tables in, inside each service's own database. */
export const JOB_QUEUE_SCHEMA = 'pgboss';

/**
 * pg-boss's own tables (schema version 24 of pg-boss 10). Include this migration in the service's
 * list, before the migration that creates its queues. The application never creates or migrates
 * them (it starts pg-boss with `migrate: false`), so the application role owns none of them: it
 * gets data access from prepareDatabase(). No row-level security: workers fetch across tenants,
 * and a job's tenant is applied when its handler runs.
 *
 * Its timestamp comes before every service migration, so the migration creating a service's queues
 * always runs after it. pg-boss's construction script is its own transaction (BEGIN ... COMMIT
 * under an advisory lock), so TypeORM must not wrap it in another one. Upgrading pg-boss to a later
 * schema version means a new migration running `PgBoss.getMigrationPlans(JOB_QUEUE_SCHEMA, <installed>)`.
 */
export class JobQueueSchema1764400000000 implements MigrationInterface {
  name = 'JobQueueSchema1764400000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(PgBoss.getConstructionPlans(JOB_QUEUE_SCHEMA));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop schema ${JOB_QUEUE_SCHEMA} cascade`);
  }
}

export interface JobQueueSpec {
  readonly name: string;
  readonly policy: JobQueuePolicy;
}

/**
 * For a service's migration: creates its queues (a queue is a partition table, so DDL, which
 * only the owner may run). Write the names and policies out in the migration rather than importing
 * the job definitions, so the migration stays what it was when it ran; at boot the worker checks
 * that each handled queue exists with the policy its definition names.
 */
export async function createJobQueues(queryRunner: QueryRunner, queues: readonly JobQueueSpec[]): Promise<void> {
  for (const queue of queues) {
    await queryRunner.query(`select ${JOB_QUEUE_SCHEMA}.create_queue($1, $2)`, [queue.name, JSON.stringify({ policy: queue.policy })]);
  }
}

export async function dropJobQueues(queryRunner: QueryRunner, queues: readonly JobQueueSpec[]): Promise<void> {
  for (const queue of queues) await queryRunner.query(`select ${JOB_QUEUE_SCHEMA}.delete_queue($1)`, [queue.name]);
}
