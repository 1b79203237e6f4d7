import { BaseRpcContext, EventPattern } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { CloudEventEnvelope } from '../envelope/cloud-event-envelope';
import type { EventCoordinates } from './event-context';

/** The `@EventPattern` extra that marks a batch handler. */
export const BATCH_HANDLER_EXTRA = 'mateBatch';

/**
 * Like `@EventPattern(type)`, for a handler that takes consecutive events of this type at once:
 * `(@Payload() events: BatchedEvent<T>[], @Ctx() ctx: EventBatchContext)`. A projection that
 * writes one row per event can then write them with one statement instead of one per event.
 *
 * The rules are those of a per-event handler: every effect goes through `ctx.manager` and commits
 * with the events' inbox rows; the events of one call share a tenant (already set for row-level
 * security) and come in partition order. When a call fails, its run is retried one event per call
 * (the retry and dead-letter path), so the handler must give the same effects either way.
 * A type has one kind of handler: per event or batch.
 */
export function EventBatchPattern(type: string): MethodDecorator {
  return EventPattern(type, { [BATCH_HANDLER_EXTRA]: true });
}

/** One event of a batch handler's call. */
export interface BatchedEvent<T> {
  payload: T;
  envelope: CloudEventEnvelope;
  coordinates: EventCoordinates;
}

/** What a batch handler receives with `@Ctx()`: the inbox transaction and the events' tenant. */
export class EventBatchContext extends BaseRpcContext<[EntityManager, string]> {
  get manager(): EntityManager {
    return this.args[0];
  }

  get tenantId(): string {
    return this.args[1];
  }
}
