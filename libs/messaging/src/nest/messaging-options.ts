import type { Registry } from '@bufbuild/protobuf';
import type { TopicSpec } from '@mate/contracts';
import type { RetryPolicy } from '../consumer/retry-policy';

export interface MessagingModuleOptions {
  /** kebab-case service name: source `/mate/<service>`, consumer group `mate.<service>`. */
  serviceName: string;
  brokers: string[];
  /** The service database as the application connects to it; the relay keeps a session there. */
  databaseUrl: string;
  /** The service's own topic first (the outbox default); provisioned with their DLQs at start. */
  produces: readonly TopicSpec[];
  /** Topics whose events this service handles with `@EventPattern`. */
  consumes?: string[];
  /** Resolves `ce_type` to a protobuf schema (`eventRegistry` from @mate/contracts). */
  registry: Registry;
  retry?: RetryPolicy;
  /** `enabled: false` runs no relay in this process (e.g. a dedicated relay deployment elsewhere). */
  relay?: { enabled?: boolean; batchSize?: number; pollIntervalMs?: number; lingerMs?: number; leaderRetryMs?: number };
  /** Inbox rows are kept this long, longer than any dead letter can wait for a replay (default 35). */
  inboxRetentionDays?: number;
  /** Readiness fails above this many unpublished outbox rows (default 10,000). */
  outboxBacklogThreshold?: number;
  /** 1 locally and in CI, 3 in production. */
  replicationFactor?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const MESSAGING_KAFKA = Symbol('MESSAGING_KAFKA');

export function consumerGroupOf(serviceName: string): string {
  return `mate.${serviceName}`;
}


