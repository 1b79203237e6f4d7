import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobBoss } from './job-boss';
import { JobQueue } from './job-queue';
import { JobWakeup } from './job-wakeup';
import { JobWorkers } from './job-workers';
import { JOBS_OPTIONS, type JobsModuleOptions } from './jobs-options';

/**
 * The job queue of a service: JobQueue to send jobs anywhere in the app, and a worker for every
 * provider marked @HandlesJob. Needs the service's TypeORM DataSource (ServiceDatabaseModule) for
 * the tenant transactions of tenant jobs.
 */
@Module({})
export class JobsModule {
  static forRoot(options: JobsModuleOptions): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [{ provide: JOBS_OPTIONS, useValue: options }, JobBoss, JobWakeup, JobQueue, JobWorkers],
      exports: [JobQueue],
    };
  }
}
