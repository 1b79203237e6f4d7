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

const COLUMNS = [
  'event_id',
  'topic',
  'message_key',
  'event_type',
  'source',
  'subject',
  'tenant_id',
  'event_time',
  'payload',
  'traceparent',
  'tracestate',
] as const;
/** PostgreSQL takes at most 65,535 parameters per statement. */
const ROWS_PER_INSERT = Math.floor(60_000 / COLUMNS.length);

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
    const ids: string[] = [];
    for (let start = 0; start < events.length; start += ROWS_PER_INSERT) {
      const chunk = events.slice(start, start + ROWS_PER_INSERT);
      const values: unknown[] = [];
      const tuples = chunk.map((event, row) => {
        const id = newEventId();
        ids.push(id);
        values.push(
          id,
          event.topic ?? this.options.defaultTopic,
          event.subject,
          event.schema.typeName,
          source,
          event.subject,
          event.tenantId,
          (event.time ?? new Date()).toISOString(),
          Buffer.from(toBinary(event.schema, event.message)),
          carrier.traceparent ?? null,
          carrier.tracestate ?? null,
        );
        const base = row * COLUMNS.length;
        return `(${COLUMNS.map((_, column) => `$${base + column + 1}`).join(', ')})`;
      });
      await manager.query(
        `insert into ${OUTBOX_TABLE} (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`,
        values,
      );
    }
    await manager.query(`select pg_notify('${OUTBOX_CHANNEL}', '')`);
    return ids;
  }
}
