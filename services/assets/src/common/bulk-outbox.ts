import { toBinary } from '@bufbuild/protobuf';
import { context, propagation } from '@opentelemetry/api';
import { newEventId, OUTBOX_CHANNEL, OUTBOX_TABLE, sourceOf, type EventOutboxOptions, type OutboundEvent } from '@mate/messaging';
import type { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { copyBytea, CopyFromStdin, copyText } from './copy-from';

/**
 * The outbox rows EventOutbox.append writes (same columns, CloudEvents ids, trace context and
 * NOTIFY), written with COPY in the caller's transaction instead of multi-row INSERT … VALUES with
 * 11 parameters per row, whose parsing and planning dominated bulk meter ingestion (B5). For bulk
 * paths only; the relay reads these rows exactly like the library's. The outbox table has no
 * row-level security, so the application role may COPY into it.
 */
export class BulkOutbox {
  /** The same options as the service's EventOutbox (service name, its own topic). */
  constructor(private readonly options: EventOutboxOptions) {}

  append(manager: EntityManager, events: readonly OutboundEvent[]): Promise<void> {
    return this.appendEncoded(
      manager,
      events.map((event) => ({
        typeName: event.schema.typeName,
        subject: event.subject,
        tenantId: event.tenantId,
        time: event.time,
        payload: toBinary(event.schema, event.message),
        topic: event.topic,
      })),
    );
  }

  /** Events whose protobuf payload is already encoded (see encodeMeterReadingRecorded). */
  async appendEncoded(manager: EntityManager, events: readonly EncodedEvent[]): Promise<void> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('BulkOutbox.append needs an EntityManager inside a transaction');
    if (events.length === 0) return;
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    const source = copyText(sourceOf(this.options.serviceName));
    const trace = `${copyText(carrier.traceparent)}\t${copyText(carrier.tracestate)}`;
    const lines = events.map((event) => {
      const subject = copyText(event.subject);
      return [
        newEventId(),
        copyText(event.topic ?? this.options.defaultTopic),
        subject,
        copyText(event.typeName),
        source,
        subject,
        event.tenantId,
        (event.time ?? new Date()).toISOString(),
        copyBytea(event.payload),
        trace,
      ].join('\t');
    });
    // The transaction's own connection: COPY must run inside it.
    const client = (await runner.connect()) as Client;
    const copy = new CopyFromStdin(
      `copy ${OUTBOX_TABLE} (event_id, topic, message_key, event_type, source, subject, tenant_id, event_time, payload, traceparent, tracestate) from stdin`,
      Buffer.from(`${lines.join('\n')}\n`, 'utf8'),
    );
    client.query(copy);
    await copy.done;
    await manager.query(`select pg_notify('${OUTBOX_CHANNEL}', '')`);
  }
}

/** An event with its payload already encoded. */
export interface EncodedEvent {
  /** The full protobuf message name (`ce_type`). */
  typeName: string;
  /** The aggregate id: Kafka key and `ce_subject`. */
  subject: string;
  tenantId: string;
  time?: Date;
  payload: Uint8Array;
  /** Defaults to the service's own topic. */
  topic?: string;
}
