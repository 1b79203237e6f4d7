export {
  tenantJob,
  systemJob,
  JOB_QUEUE_POLICIES,
  DEFAULT_JOB_RETRY,
  type JobDefinition,
  type JobDefinitionOptions,
  type JobQueuePolicy,
  type JobRetry,
  type JobScope,
  type PayloadOf,
} from './job-definition';
export { HandlesJob, type JobHandler, type JobContext, type TenantJobContext, type ContextOf } from './job-handler';
export { JobQueue, type DueJobRequest, type JobRequest, type JobSendOptions } from './job-queue';
export { JobsModule } from './jobs.module';
export { JOB_QUEUED_CHANNEL } from './job-wakeup';
export type { JobsModuleOptions } from './jobs-options';
export {
  JobQueueSchema1764400000000,
  JOB_QUEUE_SCHEMA,
  createJobQueues,
  dropJobQueues,
  type JobQueueSpec,
} from './job-queue-schema.migration';
