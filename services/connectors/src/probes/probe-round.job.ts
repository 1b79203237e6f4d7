import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HandlesJob, JobQueue, JOB_QUEUE_POLICIES, systemJob, type JobHandler } from '@mate/jobs';
import { SERVICE_CONFIG } from '@mate/service-kit';
import type { ConnectorsConfig } from '../config/connectors.config';
import { ProbeDueConnections } from './probe-due-connections';

/**
 * One round of connection probes over every tenant. Stately: while a round runs, at most one more
 * waits. Not retried: the next round is the retry.
 */
export const PROBE_ROUND_JOB = systemJob<Record<string, never>>('connection-probe-round', {
  policy: JOB_QUEUE_POLICIES.stately,
  retry: { limit: 0, delaySeconds: 0, backoff: false },
});

/** Runs a probe round every `CONNECTORS_PROBE_ROUND_SECONDS` on the job queue, once per interval across replicas. */
@HandlesJob(PROBE_ROUND_JOB)
@Injectable()
export class ProbeRoundJob implements JobHandler<typeof PROBE_ROUND_JOB>, OnApplicationBootstrap {
  constructor(
    @Inject(ProbeDueConnections) private readonly probes: ProbeDueConnections,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(SERVICE_CONFIG) private readonly config: ConnectorsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.every(PROBE_ROUND_JOB, this.config.extra.CONNECTORS_PROBE_ROUND_SECONDS * 1000, {});
  }

  async handle(): Promise<void> {
    await this.probes.execute({ batchSize: 200, concurrency: this.config.extra.CONNECTORS_PROBE_CONCURRENCY, jitterRatio: 0.1 });
  }
}
