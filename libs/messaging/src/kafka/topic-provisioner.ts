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
  attempts = 6,
): Promise<void> {
  // Services start in any order and create each other's topics: right after another client
  // created a topic, its metadata can still answer UNKNOWN_TOPIC_OR_PARTITION. Such races settle
  // within seconds, so the whole provisioning is retried before the service gives up.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await provisionOnce(kafka, topics, replicationFactor);
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      logger.warn(
        `topic provisioning failed (attempt ${attempt}/${attempts}), retrying: ${error instanceof Error ? error.message : String(error)}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

async function provisionOnce(kafka: Kafka, topics: readonly KafkaTopicConfig[], replicationFactor: number): Promise<void> {
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
    // Ready means every partition has a leader: a consumer subscribing before that crashes.
    const ready = await admin.fetchTopicMetadata({ topics: [...wanted.keys()] });
    const leaderless = ready.topics.filter((topic) => topic.partitions.some((partition) => partition.leader < 0));
    if (leaderless.length > 0) throw new Error(`no leader yet for ${leaderless.map((topic) => topic.name).join(', ')}`);
  } finally {
    await admin.disconnect();
  }
}
