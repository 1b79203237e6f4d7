import type { Admin } from 'kafkajs';
import type { CommittedOffsets } from './generation-store';

/** How far a rebuild's replay is: events and partitions done against the topics' high-water marks. */
export interface RebuildProgress {
  events: { done: number; total: number };
  partitions: { done: number; total: number };
}

/** The next offset the consumer group will read, per topic and partition (none committed: absent). */
export async function committedOffsets(admin: Admin, groupId: string, topics: readonly string[]): Promise<CommittedOffsets> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  return new Map(
    committed.map(({ topic, partitions }) => [
      topic,
      new Map(partitions.filter((entry) => Number(entry.offset) >= 0).map((entry) => [entry.partition, BigInt(entry.offset)])),
    ]),
  );
}

/**
 * Measures the replay: a partition is done when the group's committed offset reached its high-water
 * mark (an empty partition is done at once); events done count from each partition's low-water mark.
 */
export async function measureProgress(admin: Admin, groupId: string, topics: readonly string[]): Promise<RebuildProgress> {
  const committed = await committedOffsets(admin, groupId, topics);
  const progress: RebuildProgress = { events: { done: 0, total: 0 }, partitions: { done: 0, total: 0 } };
  for (const topic of topics) {
    for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
      const [from, to] = [BigInt(low), BigInt(high)];
      const at = committed.get(topic)?.get(partition) ?? from;
      const reached = at < from ? from : at > to ? to : at;
      progress.events.total += Number(to - from);
      progress.events.done += Number(reached - from);
      progress.partitions.total += 1;
      if (reached >= to) progress.partitions.done += 1;
    }
  }
  return progress;
}

export const isCaughtUp = (progress: RebuildProgress): boolean => progress.partitions.done === progress.partitions.total;

export function describeProgress(generation: number, progress: RebuildProgress): string {
  return `generation ${generation}: ${progress.events.done}/${progress.events.total} events, ${progress.partitions.done}/${progress.partitions.total} partitions at their high-water mark`;
}
