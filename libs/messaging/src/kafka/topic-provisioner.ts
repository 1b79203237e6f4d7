import type { KafkaTopicConfig } from '@mate/contracts';
import { Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';

const logger = new Logger('TopicProvisioner');

/**
 * Creates missing topics (auto-creation is off on our brokers) and grows partition counts that
 * are below the configured number. Never shrinks or deletes; safe to run from every replica.
 * Growing partitions moves keys to other partitions: per-aggregate order holds again only once
 * the events published before the change are consumed (see docs/operations.md).
 */
export async function provisionTopics(
  kafka: Kafka,
  topics: readonly KafkaTopicConfig[],
  replicationFactor = 1,
): Promise<void> {
  const wanted = new Map(topics.map((config) => [config.topic, config]));
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...wanted.values()].filter(({ topic }) => !existing.has(topic));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map(({ topic, partitions, retentionMs }) => ({
            topic,
            numPartitions: partitions,
            replicationFactor,
            configEntries: [{ name: 'retention.ms', value: String(retentionMs) }],
          })),
        });
        logger.log(`created topics ${missing.map(({ topic }) => topic).join(', ')}`);
      } catch (error) {
        // Another replica or service created them at the same moment (TOPIC_ALREADY_EXISTS):
        // fine as long as they all exist now.
        const now = new Set(await admin.listTopics());
        if (missing.some(({ topic }) => !now.has(topic))) throw error;
      }
    }
    const present = [...wanted.keys()].filter((topic) => existing.has(topic));
    if (present.length > 0) {
      const metadata = await admin.fetchTopicMetadata({ topics: present });
      const toGrow = metadata.topics
        .map((topic) => ({ topic: topic.name, count: wanted.get(topic.name)?.partitions ?? 0, has: topic.partitions.length }))
        .filter(({ count, has }) => count > has);
      if (toGrow.length > 0) {
        await admin.createPartitions({ topicPartitions: toGrow.map(({ topic, count }) => ({ topic, count })) });
        logger.log(`grew partitions of ${toGrow.map(({ topic }) => topic).join(', ')}`);
      }
    }
  } finally {
    await admin.disconnect();
  }
}
