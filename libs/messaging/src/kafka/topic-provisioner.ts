import { Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { dlqTopicOf } from '../dlq/dead-letter-headers';

export interface TopicProvisioning {
  topic: string;
  partitions: number;
  retentionMs: number;
  /** Also create `<topic>.dlq` (default true). */
  withDeadLetterTopic?: boolean;
  deadLetterRetentionMs?: number;
}

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;
const logger = new Logger('TopicProvisioner');

/**
 * Creates missing topics (auto-creation is off on our brokers) and grows partition counts that
 * are below the configured number. Never shrinks or deletes. Safe to run from every replica.
 */
export async function provisionTopics(
  kafka: Kafka,
  specs: readonly TopicProvisioning[],
  replicationFactor = 1,
): Promise<void> {
  const wanted = new Map<string, { partitions: number; retentionMs: number }>();
  for (const spec of specs) {
    wanted.set(spec.topic, { partitions: spec.partitions, retentionMs: spec.retentionMs });
    if (spec.withDeadLetterTopic ?? true) {
      wanted.set(dlqTopicOf(spec.topic), {
        partitions: spec.partitions,
        retentionMs: spec.deadLetterRetentionMs ?? Math.max(THIRTY_DAYS_MS, spec.retentionMs),
      });
    }
  }
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...wanted].filter(([topic]) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map(([topic, { partitions, retentionMs }]) => ({
          topic,
          numPartitions: partitions,
          replicationFactor,
          configEntries: [{ name: 'retention.ms', value: String(retentionMs) }],
        })),
      });
      logger.log(`created topics ${missing.map(([topic]) => topic).join(', ')}`);
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
