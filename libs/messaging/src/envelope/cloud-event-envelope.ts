import type { IHeaders } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';

/**
 * CloudEvents 1.0, Kafka protocol binding, binary mode: the event's attributes travel as
 * `ce_*` headers and the value is the protobuf bytes of the event message.
 */
export const CE_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  tenantId: 'ce_tenantid',
  contentType: 'content-type',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const PROTOBUF_CONTENT_TYPE = 'application/protobuf';

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
  constructor(readonly missingHeader: string) {
    super(`invalid CloudEvents envelope: header "${missingHeader}" is missing or empty`);
    this.name = 'InvalidEnvelopeError';
  }
}

export function newEventId(): string {
  return uuidv7();
}

export function sourceOf(serviceName: string): string {
  return `/mate/${serviceName}`;
}

export function toKafkaHeaders(envelope: CloudEventEnvelope): IHeaders {
  const headers: IHeaders = {
    [CE_HEADERS.specversion]: CLOUDEVENTS_SPEC_VERSION,
    [CE_HEADERS.id]: envelope.id,
    [CE_HEADERS.source]: envelope.source,
    [CE_HEADERS.type]: envelope.type,
    [CE_HEADERS.time]: envelope.time,
    [CE_HEADERS.subject]: envelope.subject,
    [CE_HEADERS.tenantId]: envelope.tenantId,
    [CE_HEADERS.contentType]: PROTOBUF_CONTENT_TYPE,
  };
  if (envelope.traceparent) headers[CE_HEADERS.traceparent] = envelope.traceparent;
  if (envelope.tracestate) headers[CE_HEADERS.tracestate] = envelope.tracestate;
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
  if (required(CE_HEADERS.specversion) !== CLOUDEVENTS_SPEC_VERSION) {
    throw new InvalidEnvelopeError(CE_HEADERS.specversion);
  }
  return {
    id: required(CE_HEADERS.id),
    source: required(CE_HEADERS.source),
    type: required(CE_HEADERS.type),
    time: required(CE_HEADERS.time),
    subject: required(CE_HEADERS.subject),
    tenantId: required(CE_HEADERS.tenantId),
    traceparent: headerText(headers, CE_HEADERS.traceparent),
    tracestate: headerText(headers, CE_HEADERS.tracestate),
  };
}
