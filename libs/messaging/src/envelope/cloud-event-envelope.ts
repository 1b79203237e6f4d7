import { CLOUDEVENTS_SPEC_VERSION, ENVELOPE_HEADERS, EVENT_CONTENT_TYPE } from '@mate/contracts';
import type { IHeaders } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';

/**
 * CloudEvents 1.0, Kafka protocol binding, binary mode: the event's attributes travel as
 * `ce_*` headers (names from @mate/contracts) and the value is the protobuf bytes of the event.
 * `tracestate` travels next to `traceparent` when the trace has vendor state.
 */
const TRACESTATE_HEADER = 'tracestate';

/** The attributes of one event, decoded from (or about to become) Kafka headers. */
export interface CloudEventEnvelope {
  /** UUIDv7; the deduplication key of every consumer. */
  id: string;
  /** `/mate/<service>` */
  source: string;
  /** The full protobuf message name, e.g. `mate.assets.v1.AssetCreated`. */
  type: string;
  /** RFC 3339. */
  time: string;
  /** The aggregate id; also the Kafka key. */
  subject: string;
  tenantId: string;
  traceparent?: string;
  tracestate?: string;
}

export class InvalidEnvelopeError extends Error {
  constructor(
    readonly header: string,
    problem = 'is missing or empty',
  ) {
    super(`invalid CloudEvents envelope: header "${header}" ${problem}`);
    this.name = 'InvalidEnvelopeError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function newEventId(): string {
  return uuidv7();
}

export function sourceOf(serviceName: string): string {
  return `/mate/${serviceName}`;
}

export function toKafkaHeaders(envelope: CloudEventEnvelope): IHeaders {
  const headers: IHeaders = {
    [ENVELOPE_HEADERS.specVersion]: CLOUDEVENTS_SPEC_VERSION,
    [ENVELOPE_HEADERS.id]: envelope.id,
    [ENVELOPE_HEADERS.source]: envelope.source,
    [ENVELOPE_HEADERS.type]: envelope.type,
    [ENVELOPE_HEADERS.time]: envelope.time,
    [ENVELOPE_HEADERS.subject]: envelope.subject,
    [ENVELOPE_HEADERS.tenantId]: envelope.tenantId,
    [ENVELOPE_HEADERS.contentType]: EVENT_CONTENT_TYPE,
  };
  if (envelope.traceparent) headers[ENVELOPE_HEADERS.traceparent] = envelope.traceparent;
  if (envelope.tracestate) headers[TRACESTATE_HEADER] = envelope.tracestate;
  return headers;
}

/** kafkajs hands header values over as Buffers (or arrays of them): decode explicitly. */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return undefined;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

export function fromKafkaHeaders(headers: IHeaders | undefined): CloudEventEnvelope {
  const required = (name: string): string => {
    const value = headerText(headers, name);
    if (!value) throw new InvalidEnvelopeError(name);
    return value;
  };
  const uuid = (name: string): string => {
    const value = required(name);
    if (!UUID.test(value)) throw new InvalidEnvelopeError(name, 'is not a UUID');
    return value;
  };
  if (required(ENVELOPE_HEADERS.specVersion) !== CLOUDEVENTS_SPEC_VERSION) {
    throw new InvalidEnvelopeError(ENVELOPE_HEADERS.specVersion, `is not "${CLOUDEVENTS_SPEC_VERSION}"`);
  }
  // Both are UUIDs in the database: the inbox key, and the tenant that row-level security compares.
  return {
    id: uuid(ENVELOPE_HEADERS.id),
    source: required(ENVELOPE_HEADERS.source),
    type: required(ENVELOPE_HEADERS.type),
    time: required(ENVELOPE_HEADERS.time),
    subject: required(ENVELOPE_HEADERS.subject),
    tenantId: uuid(ENVELOPE_HEADERS.tenantId),
    traceparent: headerText(headers, ENVELOPE_HEADERS.traceparent),
    tracestate: headerText(headers, TRACESTATE_HEADER),
  };
}
