import type { TopicSpec } from '@mate/contracts';
import type { RetryPolicy } from '../consumer/retry-policy';
import type { EventSubscription } from './event-subscription';

export interface MessagingModuleOptions {
  /** kebab-case service name: source `/mate/<service>`, consumer group `mate.<service>`. */
  serviceName: string;
  brokers: string[];
  /** The service database as the application connects to it; the relay keeps a session there. */
  databaseUrl: string;
  /**
   * The topics the service publishes to (their registered specs, libs/contracts/src/topics.ts),
   * provisioned with their DLQs at start. The outbox sends each event to the one whose spec lists
   * the event's schema.
   */
  produces: readonly TopicSpec[];
  /** The topics the service consumes, each with its handlers: declared next to them (`subscribe`). */
  consumes?: readonly EventSubscription[];
  /**
   * Consume as another group than `mate.<service>`: only for a one-off replay of the topics from
   * the beginning beside the service's own consumer (reporting's rebuild of its projections).
   */
  consumerGroup?: string;
  retry?: RetryPolicy;
  /**
   * How the service's consumer takes its events: `maxBatchSize`, the most events of one partition
   * in one run (one inbox transaction, default 100), and `partitionsConsumedConcurrently`, how many
   * partitions are handled at once (default 3). Shorter runs over more partitions commit a burst's
   * first effects sooner, at the price of more transactions (notifications: 20 over 6, B8); longer
   * runs give the best throughput (B1).
   */
  consumer?: ConsumerTuning;
  /** `enabled: false` runs no relay in this process (e.g. a dedicated relay deployment elsewhere). */
  relay?: { enabled?: boolean; batchSize?: number; pollIntervalMs?: number; lingerMs?: number; leaderRetryMs?: number };
  /** Inbox rows are kept this long, longer than any dead letter can wait for a replay (default 35). */
  inboxRetentionDays?: number;
  /** Readiness fails above this many unpublished outbox rows (default 10,000). */
  outboxBacklogThreshold?: number;
  /** 1 locally and in CI, 3 in production. */
  replicationFactor?: number;
}

export interface ConsumerTuning {
  maxBatchSize?: number;
  partitionsConsumedConcurrently?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const MESSAGING_KAFKA = Symbol('MESSAGING_KAFKA');

export function consumerGroupOf(serviceName: string): string {
  return `mate.${serviceName}`;
}


