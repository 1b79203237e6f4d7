/** Queue policies of pg-boss: how many jobs of one singleton key may wait or run at once. */
export const JOB_QUEUE_POLICIES = {
  /** No limit; a singleton key dedupes only inside a throttling slot. */
  standard: 'standard',
  /** At most one waiting job per singleton key (a second send is dropped). */
  short: 'short',
  /** At most one running job per singleton key. */
  singleton: 'singleton',
  /** At most one waiting and one running job per singleton key. */
  stately: 'stately',
} as const;
export type JobQueuePolicy = (typeof JOB_QUEUE_POLICIES)[keyof typeof JOB_QUEUE_POLICIES];

/**
 * `tenant`: the job belongs to one tenant and its handler runs in that tenant's transaction
 * (row-level security applies). `system`: platform work across tenants (it opens its own
 * tenant transactions, as the overdue scan does per tenant).
 */
export type JobScope = 'tenant' | 'system';

export interface JobRetry {
  /** Attempts after the first one (0: never retried). */
  readonly limit: number;
  /** Delay before the first retry; doubled on each further retry (with jitter) when `backoff`. */
  readonly delaySeconds: number;
  readonly backoff: boolean;
}

/** A queue and what its jobs carry. `P` is the payload: plain JSON, never a secret. */
export interface JobDefinition<P extends object = object, S extends JobScope = JobScope> {
  /** The pg-boss queue, created by a migration (createJobQueues()). */
  readonly queue: string;
  readonly scope: S;
  readonly policy: JobQueuePolicy;
  readonly retry: JobRetry;
  /** A running job not finished by then counts as failed (and is retried). */
  readonly expireInSeconds: number;
  /** Jobs of this queue one replica runs at once. */
  readonly concurrency: number;
  /** Type-level only: ties the payload type to the definition. */
  readonly payloadType?: P;
}

export type JobDefinitionOptions = Partial<Pick<JobDefinition, 'policy' | 'retry' | 'expireInSeconds' | 'concurrency'>>;

export const DEFAULT_JOB_RETRY: JobRetry = { limit: 5, delaySeconds: 5, backoff: true };

function define<P extends object, S extends JobScope>(queue: string, scope: S, options: JobDefinitionOptions): JobDefinition<P, S> {
  return {
    queue,
    scope,
    policy: options.policy ?? JOB_QUEUE_POLICIES.standard,
    retry: options.retry ?? DEFAULT_JOB_RETRY,
    expireInSeconds: options.expireInSeconds ?? 15 * 60,
    concurrency: options.concurrency ?? 1,
  };
}

/** A job of one tenant: sent with its tenant id, handled inside that tenant's transaction. */
export function tenantJob<P extends object>(queue: string, options: JobDefinitionOptions = {}): JobDefinition<P, 'tenant'> {
  return define<P, 'tenant'>(queue, 'tenant', options);
}

/** Platform work that belongs to no single tenant. */
export function systemJob<P extends object>(queue: string, options: JobDefinitionOptions = {}): JobDefinition<P, 'system'> {
  return define<P, 'system'>(queue, 'system', options);
}

export type PayloadOf<D> = D extends JobDefinition<infer P, JobScope> ? P : never;
