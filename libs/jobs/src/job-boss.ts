import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { JobDefinition } from './job-definition';
import { JOB_QUEUE_SCHEMA } from './job-queue-schema.migration';
import { JOBS_OPTIONS, type JobsModuleOptions } from './jobs-options';

/**
 * The process's one pg-boss instance. Started with `migrate: false`: the schema is the migrations'
 * business (JobQueueSchema1764400000000), so a replica that finds it missing or at another version
 * refuses to start instead of changing it. Cron scheduling is off (recurring jobs are sent by
 * JobQueue.every()); maintenance (expiring stuck jobs, archiving) runs on one replica at a time.
 */
@Injectable()
export class JobBoss implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(JobBoss.name);
  readonly boss: PgBoss;
  private stopped = false;
  private readonly verifiedQueues = new Set<string>();

  constructor(@Inject(JOBS_OPTIONS) private readonly options: JobsModuleOptions) {
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: JOB_QUEUE_SCHEMA,
      application_name: `${options.serviceName}-jobs`,
      max: options.poolSize ?? 4,
      migrate: false,
      schedule: false,
      supervise: true,
    });
    this.boss.on('error', (error) => this.logger.warn(`job queue: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start().catch((error: unknown) => {
      throw new Error(
        `the job queue schema is missing or at another version; include JobQueueSchema1764400000000 in the service's migrations`,
        { cause: error },
      );
    });
  }

  /**
   * Fails unless the definition's queue exists with the policy it names. pg-boss silently drops a
   * job sent to a missing queue, and a queue is created by a migration, never at run time.
   */
  async assertQueue(definition: JobDefinition): Promise<void> {
    if (this.verifiedQueues.has(definition.queue)) return;
    const queue = await this.boss.getQueue(definition.queue);
    if (!queue) {
      throw new Error(`job queue ${definition.queue} does not exist: create it in a migration with createJobQueues()`);
    }
    if (queue.policy !== definition.policy) {
      throw new Error(`job queue ${definition.queue} has policy ${queue.policy ?? 'none'}, its definition says ${definition.policy}`);
    }
    this.verifiedQueues.add(definition.queue);
  }

  /** Stops fetching, waits up to `timeoutMs` for running jobs, fails what still runs, closes the pool. */
  async stop(timeoutMs: number): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.boss.stop({ graceful: true, wait: true, close: true, timeout: timeoutMs });
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop(this.options.shutdownTimeoutMs ?? 15_000);
  }
}
