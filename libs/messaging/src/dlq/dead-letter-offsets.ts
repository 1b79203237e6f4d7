import type { Kafka } from 'kafkajs';

/** The offsets of one partition of a dead-letter topic: `high - low` letters are held. */
export interface DeadLetterPartitionOffsets {
  topic: string;
  partition: number;
  /** The oldest offset still held (retention moves it). */
  low: bigint;
  /** The offset the next dead letter will take. */
  high: bigint;
}

/**
 * The offsets of dead-letter topics, read from the broker's metadata without consuming a message
 * (a watcher counting dead letters needs no group and commits nothing). A topic that does not
 * exist yet (its producing service never started) has none.
 */
export async function deadLetterOffsets(kafka: Kafka, topics: readonly string[]): Promise<DeadLetterPartitionOffsets[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const offsets: DeadLetterPartitionOffsets[] = [];
    for (const topic of topics.filter((name) => existing.has(name))) {
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        offsets.push({ topic, partition, low: BigInt(low), high: BigInt(high) });
      }
    }
    return offsets;
  } finally {
    await admin.disconnect();
  }
}
