import type { DeadLetterPartitionOffsets } from '@mate/messaging';

/** Dead letters that arrived on one topic since the last check. */
export interface DeadLetterGrowth {
  topic: string;
  /** Letters that arrived since the last check, over all partitions. */
  arrived: bigint;
  /** Letters the topic holds now (retention drops the oldest). */
  held: bigint;
}

/** `topic:partition` */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

/**
 * What arrived since each partition was last counted (`countedUntil`, by partition key). A
 * partition never counted counts from its oldest held letter, so letters already waiting when the
 * watch starts are reported once; letters removed by retention before anyone counted them are not.
 */
export function deadLetterGrowth(offsets: readonly DeadLetterPartitionOffsets[], countedUntil: ReadonlyMap<string, bigint>): DeadLetterGrowth[] {
  const byTopic = new Map<string, DeadLetterGrowth>();
  for (const { topic, partition, low, high } of offsets) {
    const counted = countedUntil.get(partitionKey(topic, partition));
    const from = counted === undefined || counted < low ? low : counted;
    const arrived = high > from ? high - from : 0n;
    const growth = byTopic.get(topic) ?? { topic, arrived: 0n, held: 0n };
    byTopic.set(topic, { topic, arrived: growth.arrived + arrived, held: growth.held + (high - low) });
  }
  return [...byTopic.values()].filter((growth) => growth.arrived > 0n);
}
