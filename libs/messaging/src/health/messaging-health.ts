import type { DataSource } from 'typeorm';
import type { CloudEventsKafkaTransport } from '../nest/cloud-events-kafka.transport';
import { countOutboxBacklog } from '../outbox/outbox-backlog';

/** Same shape as the service chassis' HealthCheck (structural: this library does not import it). */
export interface MessagingHealthCheck {
  readonly name: string;
  check(): Promise<{ healthy: boolean; details?: Record<string, unknown> }>;
}

/** Liveness: the Kafka consumer has not crashed for good. No dependency checks. */
export function consumerLivenessCheck(transport: () => CloudEventsKafkaTransport | undefined): MessagingHealthCheck {
  return {
    name: 'kafka-consumer',
    check: async () => ({ healthy: transport()?.isAlive ?? true }),
  };
}

/** Readiness: the consumer group was joined (when the service consumes at all). */
export function consumerGroupReadinessCheck(
  transport: () => CloudEventsKafkaTransport | undefined,
): MessagingHealthCheck {
  return {
    name: 'kafka-consumer-group',
    check: async () => {
      const current = transport();
      return { healthy: current ? current.hasJoinedGroup : true, details: { consuming: current !== undefined } };
    },
  };
}

/** Readiness: the outbox is not piling up (Kafka unreachable, relay stuck). */
export function outboxBacklogReadinessCheck(dataSource: DataSource, threshold: number): MessagingHealthCheck {
  return {
    name: 'outbox-backlog',
    check: async () => {
      const backlog = await countOutboxBacklog(dataSource, threshold + 1);
      return { healthy: backlog <= threshold, details: { backlog, threshold } };
    },
  };
}
