import { toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { context, propagation } from '@opentelemetry/api';
import type { EntityManager } from 'typeorm';
import { newEventId, sourceOf } from '../envelope/cloud-event-envelope';
import { OUTBOX_CHANNEL, OUTBOX_TABLE } from './messaging-schema.migration';

/** One event to publish: the protobuf message plus the attributes that route it. */
export interface OutboundEvent<Desc extends DescMessage = DescMessage> {
  schema: Desc;
  message: MessageShape<Desc>;
  /** The aggregate id: Kafka key and `ce_subject`, so one aggregate's events stay in order. */
  subject: string;
  tenantId: string;
  /** Defaults to the service's own topic. */
  topic?: string;
  time?: Date;
}

export interface EventOutboxOptions {
  serviceName: string;
  defaultTopic: string;
}

/**
 * The write side of the transactional outbox: events are inserted with the same EntityManager
 * (so the same transaction) as the state change that causes them; both commit or neither does.
 * The insert also NOTIFYs the relay, which PostgreSQL delivers only when the transaction commits.
 */
export class EventOutbox {
  constructor(private readonly options: EventOutboxOptions) {}

  /** Appends events inside the caller's transaction; returns their CloudEvents ids in order. */
  async append(manager: EntityManager, events: readonly OutboundEvent[]): Promise<string[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('EventOutbox.append needs an EntityManager inside a transaction');
    }
    if (events.length === 0) return [];
    // The request's trace continues in the consumers: store it with the row (platform.md).
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    const source = sourceOf(this.options.serviceName);
    const ids = events.map(() => newEventId());
    const now = new Date().toISOString();
    // One statement whatever the number of events: a column per array (multi-row VALUES would
    // need 11 parameters per row and hit PostgreSQL's 65,535-parameter limit).
    // The NOTIFY rides in the same statement (one round trip); PostgreSQL delivers it on commit.
    await manager.query(
      `with appended as (
       insert into ${OUTBOX_TABLE}
         (event_id, topic, message_key, event_type, source, subject, tenant_id, event_time, payload, traceparent, tracestate)
       select event_id, topic, subject, event_type, $5, subject, tenant_id, event_time, payload, $9, $10
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $6::uuid[], $7::timestamptz[], $8::bytea[])
         with ordinality as e(event_id, topic, subject, event_type, tenant_id, event_time, payload, position)
       order by position
       returning 1)
       select pg_notify('${OUTBOX_CHANNEL}', '') from (select 1 from appended limit 1) as any_row`,
      [
        ids,
        events.map((event) => event.topic ?? this.options.defaultTopic),
        events.map((event) => event.subject),
        events.map((event) => event.schema.typeName),
        source,
        events.map((event) => event.tenantId),
        events.map((event) => event.time?.toISOString() ?? now),
        events.map((event) => Buffer.from(toBinary(event.schema, event.message))),
        carrier.traceparent ?? null,
        carrier.tracestate ?? null,
      ],
    );
    return ids;
  }
}
