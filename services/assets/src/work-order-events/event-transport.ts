import type { INestApplication } from '@nestjs/common';
import { DEFAULT_PARTITIONS, DEFAULT_RETENTION_MS, topicSpecOf } from '@mate/contracts';
import { connectEventTransport, MESSAGING_KAFKA, provisionTopics } from '@mate/messaging';
import type { Kafka } from 'kafkajs';
import { CONSUMED_TOPICS } from '../app.module';

/**
 * `beforeListen` of the service: makes sure the topics it consumes exist, then attaches the event
 * consumer. The messaging library provisions only the service's own topics and the dead-letter
 * topics of what it consumes; a consumer subscribing to a topic its producer has not created yet
 * (auto-creation is off) crashes, so the assets service could not start before work-orders.
 */
export async function connectAssetsEventTransport(app: INestApplication, topics: readonly string[] = CONSUMED_TOPICS): Promise<void> {
  const specs = topics.map((topic) => {
    const spec = topicSpecOf(topic);
    return { topic, partitions: spec?.partitions ?? DEFAULT_PARTITIONS, retentionMs: spec?.retentionMs ?? DEFAULT_RETENTION_MS };
  });
  await provisionTopics(app.get<Kafka>(MESSAGING_KAFKA), specs);
  connectEventTransport(app);
}
