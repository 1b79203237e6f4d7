import { Logger } from '@nestjs/common';
import type { IHeaders, Kafka } from 'kafkajs';
import { headerText } from '../envelope/cloud-event-envelope';
import { createIdempotentProducer } from '../kafka/kafka-client';
import { messagingMetrics } from '../metrics/messaging-metrics';
import { DLQ_HEADERS } from '@mate/contracts';

export interface ReplayOptions {
  kafka: Kafka;
  /** e.g. `mate.assets.v1.dlq` */
  deadLetterTopic: string;
  /** Replay only what this consumer group dead-lettered (all when omitted). */
  consumerGroup?: string;
  /** Replay only these CloudEvents ids (all when omitted). */
  eventIds?: readonly string[];
  /** Only messages dead-lettered at or after this time. */
  failedSince?: Date;
  /** Dry run: count what would be replayed, send nothing. */
  dryRun?: boolean;
  /** Stop after this many replayed messages. */
  limit?: number;
  /** Progress callback, called after every message read. */
  onProgress?: (progress: ReplayProgress) => void;
}

export interface ReplayProgress {
  read: number;
  replayed: number;
  skipped: number;
}

/**
 * Sends dead-lettered messages back to their original topic, with their original key, value
 * and CloudEvents headers, so the same `ce_id`: a consumer that already processed the event
 * skips it through its inbox. Reads the whole dead-letter topic (up to its end when the replay
 * started) with a throwaway group that commits nothing, so running a replay twice is harmless
 * and filters never hide messages from a later replay; a message that fails again is simply
 * dead-lettered again.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayProgress> {
  const logger = new Logger('DeadLetterReplay');
  const admin = options.kafka.admin();
  await admin.connect();
  const end = new Map<number, bigint>();
  try {
    for (const { partition, high } of await admin.fetchTopicOffsets(options.deadLetterTopic)) {
      end.set(partition, BigInt(high));
    }
  } finally {
    await admin.disconnect();
  }
  const progress: ReplayProgress = { read: 0, replayed: 0, skipped: 0 };
  const groupId = `mate.dlq-replay.${Date.now()}.${Math.random().toString(36).slice(2, 8)}`;
  const consumer = options.kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const producer = createIdempotentProducer(options.kafka);
  await producer.connect();
  await consumer.connect();
  const wanted = options.eventIds ? new Set(options.eventIds) : undefined;
  try {
    await consumer.subscribe({ topics: [options.deadLetterTopic], fromBeginning: true });
    const done = new Promise<void>((resolve, reject) => {
      const caughtUp = new Set<number>();
      const markIfCaughtUp = (partition: number, nextOffset: bigint) => {
        if (nextOffset >= (end.get(partition) ?? 0n)) caughtUp.add(partition);
        if (caughtUp.size === end.size) resolve();
      };
      for (const [partition, high] of end) if (high === 0n) markIfCaughtUp(partition, 0n);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            progress.read += 1;
            const limitReached = options.limit !== undefined && progress.replayed >= options.limit;
            const originalTopic = headerText(message.headers, DLQ_HEADERS.originalTopic);
            const matches =
              originalTopic !== undefined &&
              (!options.consumerGroup ||
                headerText(message.headers, DLQ_HEADERS.consumerGroup) === options.consumerGroup) &&
              (!wanted || wanted.has(headerText(message.headers, 'ce_id') ?? '')) &&
              (!options.failedSince ||
                new Date(headerText(message.headers, DLQ_HEADERS.failedAt) ?? 0) >= options.failedSince);
            if (matches && !limitReached) {
              if (!options.dryRun) {
                await producer.send({
                  topic: originalTopic,
                  acks: -1,
                  messages: [{ key: message.key, value: message.value, headers: withoutDeadLetterHeaders(message.headers) }],
                });
                messagingMetrics().replayed.add(1, { topic: originalTopic });
              }
              progress.replayed += 1;
            } else {
              progress.skipped += 1;
            }
            options.onProgress?.({ ...progress });
            markIfCaughtUp(partition, BigInt(message.offset) + 1n);
          },
        })
        .catch(reject);
    });
    await done;
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await deleteGroup(options.kafka, groupId);
  }
  logger.log(`replay of ${options.deadLetterTopic}: ${JSON.stringify(progress)}`);
  return progress;
}

function withoutDeadLetterHeaders(headers: IHeaders | undefined): IHeaders {
  const dlqNames = new Set<string>(Object.values(DLQ_HEADERS));
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !dlqNames.has(name)));
}

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
}
