import { expectEventually } from './expect-eventually';

/** A message sent behind the ones a test counts, whose effect shows they were all handled. */
export interface Marker {
  /**
   * Sends the marker after the duplicates (or after the operation that must publish nothing), on
   * their partition: the same key (every producer uses the same partitioner), or an explicit
   * partition. On another partition it proves nothing: partitions are consumed independently.
   */
  send: () => Promise<unknown>;
  /** Throws (an `expect`) until the marker's effect is visible; retried like `expectEventually`. */
  arrived: () => Promise<unknown> | unknown;
}

/**
 * The one way to check "no duplicate effect", "idempotent" and "publishes nothing": Kafka hands a
 * partition's messages to its consumer in order, so once the effect of a marker sent behind the
 * duplicates is visible, every duplicate has been handled (or skipped), and a count taken now is
 * final. Counting after the first effect, or after a fixed sleep, passes for a duplicate that
 * arrives late. Sends the marker, waits for its effect, then returns `count()`.
 */
export async function countAfterMarker<T>(
  marker: Marker,
  count: () => Promise<T> | T,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  await marker.send();
  await expectEventually(marker.arrived, { timeoutMs: options.timeoutMs ?? 30_000 });
  return count();
}
