import { fromBinary, type Registry } from '@bufbuild/protobuf';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import { EventConsumer, type HandleOutcome, type ReceivedEvent } from '../consumer/event-consumer';
import { PermanentEventError, type RetryPolicy } from '../consumer/retry-policy';
import { setTenant } from '@mate/database';
import type { EntityManager } from 'typeorm';
import { claimInboxEntries, processOnce } from '../inbox/idempotent-inbox';
import type { Kafka } from 'kafkajs';
import { EventContext } from './event-context';

export interface CloudEventsKafkaTransportOptions {
  kafka: Kafka;
  /** `mate.<consuming-service>` */
  groupId: string;
  topics: string[];
  dataSource: DataSource;
  /** Resolves `ce_type` to its protobuf schema. */
  registry: Registry;
  retry?: RetryPolicy;
}

const tracer = trace.getTracer('mate.messaging');

/**
 * A Nest microservice transport: `@EventPattern('<ce_type>')` handlers on controllers receive
 * the decoded protobuf message (`@Payload()`) and an EventContext (`@Ctx()`).
 *
 * It replaces Nest's own Kafka transport, whose traps platform.md lists: values stay binary,
 * the group id is exactly the configured one, a failing handler is retried a bounded number of
 * times and then dead-lettered instead of blocking its partition, and there is one consumer per
 * service that dispatches on `ce_type` (unknown types are logged and skipped).
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
    this.consumer = new EventConsumer({
      kafka: this.options.kafka,
      groupId: this.options.groupId,
      topics: this.options.topics,
      retry: this.options.retry,
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
      this.invoke(prepared, manager),
    );
  }

  /**
   * A run of consecutive events of one partition in ONE transaction: one inbox statement for all,
   * then each new event's handler in order. Any failure rolls the whole run back and the consumer
   * replays it one event at a time through `dispatch`; so this is only a faster path to the same
   * effects, and it is what lets a consumer keep up with the relay.
   */
  private async dispatchBatch(events: ReceivedEvent[]): Promise<HandleOutcome[]> {
    const prepared = events.map((event) => this.prepare(event));
    const handled = prepared.filter((entry): entry is PreparedEvent => entry !== undefined);
    if (handled.length === 0) return events.map(() => 'skipped');
    return this.options.dataSource.transaction(async (manager) => {
      const claimed = await claimInboxEntries(
        manager,
        this.options.groupId,
        handled.map((entry) => entry.event.envelope),
      );
      const outcomes: HandleOutcome[] = [];
      let tenant: string | undefined;
      for (const entry of prepared) {
        if (!entry) {
          outcomes.push('skipped');
          continue;
        }
        // `delete` also makes a repeated ce_id inside the run count once.
        if (!claimed.delete(entry.event.envelope.id)) {
          outcomes.push('duplicate');
          continue;
        }
        if (tenant !== entry.event.envelope.tenantId) {
          tenant = entry.event.envelope.tenantId;
          await setTenant(manager, tenant);
        }
        await this.invoke(entry, manager);
        outcomes.push('processed');
      }
      return outcomes;
    });
  }

  /** Finds the handler and decodes the payload; undefined when no handler wants this type. */
  private prepare(event: ReceivedEvent): PreparedEvent | undefined {
    const { envelope } = event;
    const handler = this.getHandlerByPattern(envelope.type);
    if (!handler) {
      this.logger.debug?.(`no handler for ${envelope.type}; skipped (ce_id ${envelope.id})`);
      return undefined;
    }
    const schema = this.options.registry.getMessage(envelope.type);
    if (!schema) throw new PermanentEventError(`no protobuf schema registered for ce_type ${envelope.type}`);
    try {
      return { event, handler, payload: fromBinary(schema, event.value) };
    } catch (error) {
      throw new PermanentEventError(`payload is not a valid ${envelope.type}: ${String(error)}`);
    }
  }

  /** Runs the `@EventPattern` handler inside the producer's trace, with the inbox transaction. */
  private async invoke({ event, handler, payload }: PreparedEvent, manager: EntityManager): Promise<void> {
    const { envelope } = event;
    const parent = propagation.extract(context.active(), {
      traceparent: envelope.traceparent,
      tracestate: envelope.tracestate,
    });
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
    try {
      await context.with(trace.setSpan(parent, span), async () => {
        const ctx = new EventContext([
          envelope,
          manager,
          { topic: event.topic, partition: event.partition, offset: event.offset },
        ]);
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

interface PreparedEvent {
  event: ReceivedEvent;
  handler: MessageHandler;
  payload: unknown;
}
