/**
 * Headers added to a message on its way to `<topic>.dlq`, next to its original headers.
 * The names are a contract with the teams that read our dead-letter topics (docs/events.md).
 */
export const DLQ_HEADERS = {
  error: 'mate_dlq_error',
  attempts: 'mate_dlq_attempts',
  originalTopic: 'mate_dlq_original_topic',
  originalPartition: 'mate_dlq_original_partition',
  originalOffset: 'mate_dlq_original_offset',
  consumerGroup: 'mate_dlq_consumer_group',
  failedAt: 'mate_dlq_failed_at',
} as const;

export function dlqTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** Error text for a header: one line, bounded, never an upstream body. */
export function errorSummary(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 1_000);
}
