import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { EventPattern } from '@nestjs/microservices';
import type { BatchedEvent, EventBatchContext } from './event-batch';
import type { EventContext } from './event-context';

/** The `@EventPattern` extras the transport reads: the schema the handler was bound to, and its kind. */
export const EVENT_SCHEMA_EXTRA = 'mateSchema';
export const BATCH_HANDLER_EXTRA = 'mateBatch';

/** What an `@OnEvent(Schema)` method may be: it accepts the message of that schema (and no other type's). */
export type EventHandlerMethod<Desc extends DescMessage> = (event: MessageShape<Desc>, ctx: EventContext) => Promise<void> | void;

/** What an `@OnEventBatch(Schema)` method may be. */
export type EventBatchHandlerMethod<Desc extends DescMessage> = (
  events: BatchedEvent<MessageShape<Desc>>[],
  ctx: EventBatchContext,
) => Promise<void> | void;

/** One event type a handler class handles, as its decorator declared it. */
export interface HandledEvent {
  readonly schema: DescMessage;
  readonly batch: boolean;
  /** `<Class>.<method>`, for messages. */
  readonly handler: string;
}

const handledByClass = new WeakMap<object, HandledEvent[]>();

/**
 * Binds a controller method to an event type by its generated protobuf schema (`ce_type` is the
 * schema's full name): the transport decodes the payload with that schema, and the compiler checks
 * the method's signature against it, so `@OnEvent(AssetCreatedSchema) on(event: AssetUpdated, …)`
 * does not compile (TS1241, "Unable to resolve signature of method decorator").
 *
 * The method runs in the event's inbox transaction (`ctx.manager`, tenant set). It throws
 * PermanentEventError for an event that can never succeed (dead-lettered after one attempt);
 * any other error is retried, then dead-lettered.
 */
export function OnEvent<Desc extends DescMessage>(schema: Desc) {
  return <Method extends EventHandlerMethod<Desc>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<Method>,
  ): void => bind(schema, false, target, key, descriptor);
}

/**
 * Like `@OnEvent(Schema)`, for a method that takes consecutive events of this type at once:
 * `(events: BatchedEvent<T>[], ctx: EventBatchContext)`. A projection that writes one row per event
 * can then write them with one statement instead of one per event.
 *
 * The rules are those of a per-event handler: every effect goes through `ctx.manager` and commits
 * with the events' inbox rows; the events of one call share a tenant (already set for row-level
 * security) and come in partition order. When a call fails, its run is retried one event per call
 * (the retry and dead-letter path), so the handler must give the same effects either way.
 * A type has one kind of handler: per event or batch.
 */
export function OnEventBatch<Desc extends DescMessage>(schema: Desc) {
  return <Method extends EventBatchHandlerMethod<Desc>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<Method>,
  ): void => bind(schema, true, target, key, descriptor);
}

function bind(schema: DescMessage, batch: boolean, target: object, key: string | symbol, descriptor: PropertyDescriptor): void {
  EventPattern(schema.typeName, { [EVENT_SCHEMA_EXTRA]: schema, [BATCH_HANDLER_EXTRA]: batch })(target, key, descriptor);
  const handlerClass = target.constructor;
  const handled = handledByClass.get(handlerClass) ?? [];
  handled.push({ schema, batch, handler: `${handlerClass.name}.${String(key)}` });
  handledByClass.set(handlerClass, handled);
}

/** The event types a class's `@OnEvent`/`@OnEventBatch` methods handle, in declaration order. */
export function handledEventsOf(handlerClass: object): readonly HandledEvent[] {
  return handledByClass.get(handlerClass) ?? [];
}
