/**
 * Kafka headers a consumer adds when it gives up on a message and moves it to `<topic>.dlq`.
 * The original key, value and envelope headers stay unchanged; these come on top, so a replay can
 * put the message back where it came from. All values are UTF-8 strings.
 *
 * The messaging library writes and reads these names; the AsyncAPI document describes them.
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

export type DlqHeaderKey = keyof typeof DLQ_HEADERS;
export type DlqHeaderName = (typeof DLQ_HEADERS)[DlqHeaderKey];

/** What each DLQ header carries; the generated documentation (AsyncAPI, docs/events.md) shows it. */
export const DLQ_HEADER_DESCRIPTIONS: Readonly<Record<DlqHeaderKey, string>> = {
  error: "Why the last attempt failed: the error's name and message.",
  attempts: 'How many times the consumer tried the message before giving up, as a decimal integer.',
  originalTopic: 'The topic the message was consumed from.',
  originalPartition: 'The partition the message was consumed from, as a decimal integer.',
  originalOffset: "The message's offset in its original partition, as a decimal integer.",
  consumerGroup: 'The consumer group that gave up on the message (`mate.<consuming-service>`).',
  failedAt: 'When the message was dead-lettered, RFC 3339 in UTC.',
};
