import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox, type EncodedEvents, type OutboundEvent } from '@mate/messaging';
import type { EntityManager } from 'typeorm';

/** One event of this service: its schema, its fields and the aggregate it is about. */
export function outboundEvent<Desc extends DescMessage>(
  schema: Desc,
  tenantId: string,
  subject: string,
  init: MessageInitShape<Desc>,
  time?: Date,
): OutboundEvent {
  return { schema, message: create(schema, init), subject, tenantId, ...(time ? { time } : {}) } as OutboundEvent;
}

/** Appends events to the outbox in the caller's transaction: they commit with the change or not at all. */
@Injectable()
export class EventPublisher {
  constructor(@Inject(EventOutbox) private readonly outbox: EventOutbox) {}

  async publish(manager: EntityManager, events: readonly OutboundEvent[] | EncodedEvents): Promise<void> {
    await this.outbox.append(manager, events);
  }

  /** Encodes events ahead of publish(), e.g. while a statement of the same bulk write runs (EventOutbox.encode). */
  encode(events: readonly OutboundEvent[]): EncodedEvents {
    return this.outbox.encode(events);
  }
}
