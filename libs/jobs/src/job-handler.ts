import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobDefinition, JobScope, PayloadOf } from './job-definition';

export interface JobContext {
  readonly jobId: string;
  readonly queue: string;
  /** 1 on the first attempt. */
  readonly attempt: number;
}

export interface TenantJobContext extends JobContext {
  readonly tenantId: string;
  /** The tenant transaction the handler runs in (`app.tenant_id` set: row-level security applies). */
  readonly manager: EntityManager;
}

export type ContextOf<D> = D extends JobDefinition<object, 'tenant'> ? TenantJobContext : JobContext;

/**
 * Handles the jobs of one queue. It may run more than once for one job (a replica dies after the
 * transaction committed but before the job was marked done), so its effects must be idempotent.
 * Throwing fails the attempt: the job is retried by its definition's policy, then marked failed.
 */
export interface JobHandler<D extends JobDefinition<object, JobScope>> {
  handle(payload: PayloadOf<D>, context: ContextOf<D>): Promise<void>;
}

export const JOB_HANDLER_METADATA = 'mate:job-handler';

/**
 * Marks a provider as the handler of `definition`'s queue; JobsModule finds it at boot and starts
 * its workers. The class must implement JobHandler of that very definition (checked at compile time).
 */
export function HandlesJob<D extends JobDefinition<object, JobScope>>(definition: D) {
  const setMetadata = SetMetadata(JOB_HANDLER_METADATA, definition);
  return (target: new (...args: never[]) => JobHandler<D>): void => {
    setMetadata(target);
  };
}
