import { fromBinary, type DescMessage } from '@bufbuild/protobuf';
import { setTenant, withTenantTransaction } from '@mate/database';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Link, type Span } from '@opentelemetry/api';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import { EventConsumer, type HandleOutcome, type ReceivedEvent } from '../consumer/event-consumer';
import { PermanentEventError, type RetryPolicy } from '../consumer/retry-policy';
import type { CloudEventEnvelope } from '../envelope/cloud-event-envelope';
import { claimInboxEntries, processOnce } from '../inbox/idempotent-inbox';
import { EventBatchContext, type BatchedEvent } from './event-batch';
import { EventContext, type EventCoordinates } from './event-context';
import { handledEventsByType, subscriptionProblems, type EventSubscription } from './event-subscription';
import type { ConsumerTuning } from './messaging-options';
import { BATCH_HANDLER_EXTRA, EVENT_SCHEMA_EXTRA } from './on-event';

export interface CloudEventsKafkaTransportOptions {
  kafka: Kafka;
  /** `mate.<consuming-service>` */
  groupId: string;
  /** The topics consumed, each with the classes whose `@OnEvent` methods handle its events. */
  subscriptions: readonly EventSubscription[];
  dataSource: DataSource;
  retry?: RetryPolicy;
  /** Run size and partitions at once (MessagingModuleOptions.consumer). */
  consumer?: ConsumerTuning;
}

const tracer = trace.getTracer('mate.messaging');

/**
 * A Nest microservice transport: `@OnEvent(Schema)` handlers on controllers receive the payload
 * decoded with that schema (`@Payload()`) and an EventContext (`@Ctx()`).
 *
 * It replaces Nest's own Kafka transport and its traps (docs/conventions.md): values stay
 * binary (nestjs/nest 3726), the group id is exactly the configured one (16555), a failing handler
 * is retried a bounded number of times and then dead-lettered instead of blocking its partition
 * (14664), and there is one consumer per service that dispatches on `ce_type` (10830; types without
 * a handler are skipped). It starts only when the registered handlers are exactly those the
 * subscriptions declare.
 */
export class CloudEventsKafkaTransport extends Server implements CustomTransportStrategy {
  private consumer?: EventConsumer;

  constructor(private readonly options: CloudEventsKafkaTransportOptions) {
    super();
  }

  get isAlive(): boolean {
    return this.consumer?.isAlive ?? true;
  }

  get hasJoinedGroup(): boolean {
    return this.consumer?.hasJoinedGroup ?? false;
  }

  listen(callback: (error?: unknown) => void): void {
    const problems = this.handlerProblems();
    if (problems.length > 0) {
      callback(new Error(`the event handlers do not match the subscriptions:\n- ${problems.join('\n- ')}`));
      return;
    }
    this.consumer = new EventConsumer({
      kafka: this.options.kafka,
      groupId: this.options.groupId,
      topics: this.options.subscriptions.map((subscription) => subscription.topic.topic),
      retry: this.options.retry,
      ...this.options.consumer,
      handle: (event) => this.dispatch(event),
      handleBatch: (events) => this.dispatchBatch(events),
    });
    this.consumer.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
  }

  /**
   * The subscriptions' own problems (an event type neither handled nor ignored …), a handler class
   * that no module registers (its events would go unhandled without a word), a handler outside
   * the subscriptions (it would never see its topic): each stops the start.
   */
  private handlerProblems(): string[] {
    const declared = handledEventsByType(this.options.subscriptions);
    const registered = this.getHandlers();
    const problems = subscriptionProblems(this.options.subscriptions);
    for (const [type, handled] of declared) {
      if (!registered.has(type)) problems.push(`${handled.handler} handles ${type}, but no module has its class as a controller`);
    }
    for (const type of registered.keys()) {
      if (!declared.has(type)) problems.push(`a handler of ${type} is registered, but no subscription lists it (bind it with @OnEvent in a subscribed class)`);
    }
    return problems;
  }

  on(): never {
    throw new Error('CloudEventsKafkaTransport does not expose transport events');
  }

  unwrap<T>(): T {
    throw new Error('CloudEventsKafkaTransport does not expose its client');
  }

  /** One event in its own inbox transaction: the path with retries and dead-lettering. */
  private async dispatch(event: ReceivedEvent): Promise<HandleOutcome> {
    const prepared = this.prepare(event);
    if (!prepared) return 'skipped';
    return processOnce(this.options.dataSource, this.options.groupId, event.envelope, (manager) =>
      prepared.batch ? this.invokeBatch([prepared], manager) : this.invoke(prepared, manager),
    );
  }

  /**
   * A run of consecutive events of one partition in ONE transaction: one inbox statement for all,
   * then each new event's handler in order, consecutive events of one type and tenant together
   * for a batch handler. Any failure rolls the whole run back and the consumer replays it one
   * event at a time through `dispatch`; so this is only a faster path to the same effects, and it
   * is what lets a consumer keep up with the relay.
   */
  private async dispatchBatch(events: ReceivedEvent[]): Promise<HandleOutcome[]> {
    const prepared = events.map((event) => this.prepare(event));
    const handled = prepared.filter((entry): entry is PreparedEvent => entry !== undefined);
    if (handled.length === 0) return events.map(() => 'skipped');
    // The transaction starts with the first event's tenant set; it changes only between tenants.
    let tenant = handled[0].event.envelope.tenantId;
    return withTenantTransaction(this.options.dataSource, tenant, async (manager) => {
      const claimed = await claimInboxEntries(
        manager,
        this.options.groupId,
        handled.map((entry) => entry.event.envelope),
      );
      const outcomes: HandleOutcome[] = [];
      /** Claimed events waiting for their batch handler: one type, one tenant. */
      let group: PreparedEvent[] = [];
      const flushGroup = async () => {
        if (group.length > 0) await this.invokeBatch(group, manager);
        group = [];
      };
      for (const entry of prepared) {
        if (!entry) {
          outcomes.push('skipped');
          continue;
        }
        const { id, type, tenantId } = entry.event.envelope;
        // `delete` also makes a repeated ce_id inside the run count once.
        if (!claimed.delete(id)) {
          outcomes.push('duplicate');
          continue;
        }
        outcomes.push('processed');
        const joinsGroup = entry.batch && group.length > 0 && group[0].event.envelope.type === type && tenant === tenantId;
        if (!joinsGroup) await flushGroup();
        if (tenant !== tenantId) {
          tenant = tenantId;
          await setTenant(manager, tenant);
        }
        if (entry.batch) group.push(entry);
        else await this.invoke(entry, manager);
      }
      await flushGroup();
      return outcomes;
    });
  }

  /** Finds the handler and decodes the payload; undefined when no handler wants this type. */
  private prepare(event: ReceivedEvent): PreparedEvent | undefined {
    const { envelope } = event;
    const handler = this.getHandlers().get(envelope.type);
    if (!handler) {
      this.logger.debug?.(`no handler for ${envelope.type}; skipped (ce_id ${envelope.id})`);
      return undefined;
    }
    // The schema the handler was bound to with @OnEvent (handlerProblems() let no other in).
    const schema = handler.extras?.[EVENT_SCHEMA_EXTRA] as DescMessage;
    try {
      const batch = handler.extras?.[BATCH_HANDLER_EXTRA] === true;
      return { event, handler, batch, payload: fromBinary(schema, event.value) };
    } catch (error) {
      throw new PermanentEventError(`payload is not a valid ${envelope.type}: ${String(error)}`);
    }
  }

  /** Runs the `@OnEvent` handler inside the producer's trace, with the inbox transaction. */
  private async invoke({ event, handler, payload }: PreparedEvent, manager: EntityManager): Promise<void> {
    const { envelope } = event;
    const parent = producerContext(envelope);
    const span = tracer.startSpan(
      `process ${envelope.type}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': event.topic,
          'messaging.kafka.consumer.group': this.options.groupId,
          'messaging.message.id': envelope.id,
        },
      },
      parent,
    );
    const ctx = new EventContext([envelope, manager, coordinatesOf(event)]);
    await this.runInSpan(parent, span, handler, payload, ctx);
  }

  /**
   * Runs a batch handler for events of one type and tenant. Its span links to every event's
   * producer span (a batch has no single parent: OpenTelemetry's messaging conventions).
   */
  private async invokeBatch(group: PreparedEvent[], manager: EntityManager): Promise<void> {
    const [{ event: first, handler }] = group;
    const links = group.flatMap(({ event }): Link[] => {
      const spanContext = trace.getSpanContext(producerContext(event.envelope, ROOT_CONTEXT));
      return spanContext ? [{ context: spanContext }] : [];
    });
    const span = tracer.startSpan(`process ${first.envelope.type}`, {
      kind: SpanKind.CONSUMER,
      links,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': first.topic,
        'messaging.kafka.consumer.group': this.options.groupId,
        'messaging.batch.message_count': group.length,
      },
    });
    const events = group.map(
      ({ event, payload }): BatchedEvent<unknown> => ({ payload, envelope: event.envelope, coordinates: coordinatesOf(event) }),
    );
    const ctx = new EventBatchContext([manager, first.envelope.tenantId]);
    await this.runInSpan(context.active(), span, handler, events, ctx);
  }

  private async runInSpan(
    parent: Context,
    span: Span,
    handler: MessageHandler,
    payload: unknown,
    ctx: EventContext | EventBatchContext,
  ): Promise<void> {
    try {
      await context.with(trace.setSpan(parent, span), async () => {
        await lastValueFrom(this.transformToObservable(await handler(payload, ctx)), { defaultValue: undefined });
      });
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  }
}

/** The producer's trace context, stored with the outbox row and carried in the headers. */
function producerContext(envelope: CloudEventEnvelope, base = context.active()): Context {
  return propagation.extract(base, { traceparent: envelope.traceparent, tracestate: envelope.tracestate });
}

function coordinatesOf(event: ReceivedEvent): EventCoordinates {
  return { topic: event.topic, partition: event.partition, offset: event.offset };
}

interface PreparedEvent {
  event: ReceivedEvent;
  handler: MessageHandler;
  /** The handler is an `@OnEventBatch` one. */
  batch: boolean;
  payload: unknown;
}
