/**
 * The event envelope: CloudEvents 1.0 in the Kafka protocol binding's binary mode. The Kafka value
 * is the protobuf encoding of the event message, the key is the aggregate id, and the context
 * attributes travel as these headers (kafkajs hands their values over as `Buffer`s).
 */
export const ENVELOPE_HEADERS = {
  specVersion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  tenantId: 'ce_tenantid',
  traceparent: 'traceparent',
  contentType: 'content-type',
} as const;

export type EnvelopeHeaderKey = keyof typeof ENVELOPE_HEADERS;
export type EnvelopeHeaderName = (typeof ENVELOPE_HEADERS)[EnvelopeHeaderKey];

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const EVENT_CONTENT_TYPE = 'application/protobuf';

/** What each envelope header carries; the generated documentation shows it. */
export const ENVELOPE_HEADER_DESCRIPTIONS: Readonly<Record<EnvelopeHeaderKey, string>> = {
  specVersion: 'CloudEvents specification version, always `1.0`.',
  id: 'Event id, a UUIDv7: the deduplication key every consumer is idempotent on.',
  source: 'The producing service, `/mate/<service>`.',
  type: 'The full protobuf message name of the value.',
  time: 'When the event happened, RFC 3339.',
  subject: 'The aggregate id; equal to the Kafka key.',
  tenantId: 'The tenant the event belongs to (CloudEvents extension attribute).',
  traceparent: 'W3C trace context of the operation that caused the event, when one was active.',
  contentType: 'Encoding of the value, always `application/protobuf`.',
};
