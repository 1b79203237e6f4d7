import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { withTenantTransaction } from '@mate/database';
import { HandlesJob, JobQueue, JOB_QUEUE_POLICIES, systemJob, type JobHandler } from '@mate/jobs';
import { deadLetterOffsets, MESSAGING_KAFKA } from '@mate/messaging';
import { isUuid, SERVICE_CONFIG } from '@mate/service-kit';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { NotificationsConfig } from '../config/notifications.config';
import { CountDeadLetters } from './use-cases/count-dead-letters';

/** Stately (one running, one waiting); not retried: the next interval is the retry. */
export const DEAD_LETTER_CHECK_JOB = systemJob<Record<string, never>>('notification-dead-letters-check', {
  policy: JOB_QUEUE_POLICIES.stately,
  retry: { limit: 0, delaySeconds: 0, backoff: false },
});

/** The dead-letter topics to watch (every service's, given by the app). */
export const DEAD_LETTER_TOPICS = Symbol('DEAD_LETTER_TOPICS');

/**
 * Compares the dead-letter topics' offsets with what was counted, once per interval across
 * replicas, when an operations tenant is configured (its inbox and rules are the operators').
 */
@HandlesJob(DEAD_LETTER_CHECK_JOB)
@Injectable()
export class DeadLetterCheckJob implements JobHandler<typeof DEAD_LETTER_CHECK_JOB>, OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MESSAGING_KAFKA) private readonly kafka: Kafka,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(CountDeadLetters) private readonly count: CountDeadLetters,
    @Inject(DEAD_LETTER_TOPICS) private readonly topics: readonly string[],
    @Inject(SERVICE_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  onApplicationBootstrap(): void {
    const tenantId = this.config.extra.OPERATIONS_TENANT_ID;
    if (tenantId === '') return;
    if (!isUuid(tenantId)) throw new Error('OPERATIONS_TENANT_ID must be a tenant id (a uuid)');
    this.jobs.every(DEAD_LETTER_CHECK_JOB, this.config.extra.DEAD_LETTER_CHECK_INTERVAL_MS, {});
  }

  async handle(): Promise<void> {
    const tenantId = this.config.extra.OPERATIONS_TENANT_ID;
    const offsets = await deadLetterOffsets(this.kafka, this.topics);
    await withTenantTransaction(this.dataSource, tenantId, (manager) => this.count.execute(manager, tenantId, offsets, new Date()));
  }
}
