import { ENVELOPE_HEADERS as CE_HEADERS } from '@mate/contracts';
import {
  fromKafkaHeaders,
  InvalidEnvelopeError,
  newEventId,
  toKafkaHeaders,
  type CloudEventEnvelope,
} from './cloud-event-envelope';

const envelope: CloudEventEnvelope = {
  id: newEventId(),
  source: '/mate/assets',
  type: 'mate.assets.v1.AssetCreated',
  time: '2026-11-28T06:00:00.000Z',
  subject: 'asset-1',
  tenantId: '0b9f6c7e-2a55-4bb1-9d1c-8c3f1f5b9a10',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};

/** What kafkajs delivers: every header value a Buffer. */
function asDelivered(headers: ReturnType<typeof toKafkaHeaders>) {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(String(v))]));
}

describe('CloudEvents Kafka binary envelope', () => {
  it('round-trips through Buffer-valued headers', () => {
    expect(fromKafkaHeaders(asDelivered(toKafkaHeaders(envelope)))).toEqual({ ...envelope, tracestate: undefined });
  });

  it('writes the spec version and the protobuf content type', () => {
    const headers = toKafkaHeaders(envelope);
    expect(headers[CE_HEADERS.specVersion]).toBe('1.0');
    expect(headers['content-type']).toBe('application/protobuf');
  });

  it('issues time-ordered UUIDv7 ids', () => {
    const first = newEventId();
    const second = newEventId();
    expect(first[14]).toBe('7');
    expect(first < second).toBe(true);
  });

  it('names the missing header', () => {
    const headers = asDelivered(toKafkaHeaders(envelope));
    delete headers[CE_HEADERS.tenantId];
    expect(() => fromKafkaHeaders(headers)).toThrow(new InvalidEnvelopeError('ce_tenantid'));
  });

  it('rejects an id or a tenant that is not a UUID', () => {
    const headers = asDelivered(toKafkaHeaders(envelope));
    expect(() => fromKafkaHeaders({ ...headers, ce_id: Buffer.from('42') })).toThrow('"ce_id" is not a UUID');
    expect(() => fromKafkaHeaders({ ...headers, ce_tenantid: Buffer.from('acme') })).toThrow(
      '"ce_tenantid" is not a UUID',
    );
  });

  it('rejects another spec version', () => {
    const headers = { ...asDelivered(toKafkaHeaders(envelope)), ce_specversion: Buffer.from('0.3') };
    expect(() => fromKafkaHeaders(headers)).toThrow(InvalidEnvelopeError);
  });
});
