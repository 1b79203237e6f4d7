import { Module } from '@nestjs/common';
import { topicSpecOf, DEFAULT_PARTITIONS, DEFAULT_RETENTION_MS } from '@mate/contracts';
import { createKafka, MessagingHealth, provisionTopics } from '@mate/messaging';

export const CONSUMER_LIVENESS = Symbol('CONSUMER_LIVENESS');
export const CONSUMER_GROUP_READINESS = Symbol('CONSUMER_GROUP_READINESS');
export const OUTBOX_BACKLOG_READINESS = Symbol('OUTBOX_BACKLOG_READINESS');
/**
 * The topics this service consumes may belong to services that are not deployed yet (the PM
 * service produces mate.pm-scheduling.v1). Auto-creation is off on our brokers and the consumer
 * cannot subscribe to a missing topic, so they are created with their registry settings if absent,
 * before the app starts (inside the app it would race the messaging library's own provisioning).
 */
export async function provisionConsumedTopics(brokers: readonly string[], consumed: readonly string[]): Promise<void> {
  const topics = consumed.map((topic) => {
    const spec = topicSpecOf(topic);
    return { topic, partitions: spec?.partitions ?? DEFAULT_PARTITIONS, retentionMs: spec?.retentionMs ?? DEFAULT_RETENTION_MS };
  });
  if (topics.length > 0) await provisionTopics(createKafka({ brokers: [...brokers], clientId: 'mate-work-orders-provisioner' }), topics);
}

const HEALTH_PROVIDERS = [
    { provide: CONSUMER_LIVENESS, inject: [MessagingHealth], useFactory: (health: MessagingHealth) => health.liveness()[0] },
    {
      provide: CONSUMER_GROUP_READINESS,
      inject: [MessagingHealth],
      useFactory: (health: MessagingHealth) => health.readiness()[0],
    },
    {
      provide: OUTBOX_BACKLOG_READINESS,
      inject: [MessagingHealth],
      useFactory: (health: MessagingHealth) => health.readiness()[1],
    },
];

/** The messaging library's health checks as providers the chassis' HealthModule can list. */
@Module({ providers: HEALTH_PROVIDERS, exports: [CONSUMER_LIVENESS, CONSUMER_GROUP_READINESS, OUTBOX_BACKLOG_READINESS] })
export class MessagingHealthModule {}

