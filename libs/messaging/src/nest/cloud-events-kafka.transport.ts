import { fromBinary, type Registry } from '@bufbuild/protobuf';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import { EventConsumer, type HandleOutcome, type ReceivedEvent } from '../consumer/event-consumer';
import { PermanentEventError, type RetryPolicy } from '../consumer/retry-policy';
import { processOnce } from '../inbox/idempotent-inbox';
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

  private async dispatch(event: ReceivedEvent): Promise<HandleOutcome> {
    const { envelope } = event;
    const handler = this.getHandlerByPattern(envelope.type);
    if (!handler) {
      this.logger.debug?.(`no handler for ${envelope.type}; skipped (ce_id ${envelope.id})`);
      return 'skipped';
    }
    const schema = this.options.registry.getMessage(envelope.type);
    if (!schema) throw new PermanentEventError(`no protobuf schema registered for ce_type ${envelope.type}`);
    let payload: unknown;
    try {
      payload = fromBinary(schema, event.value);
    } catch (error) {
      throw new PermanentEventError(`payload is not a valid ${envelope.type}: ${String(error)}`);
    }

    // Continue the producer's trace (stored on the outbox row, carried as `traceparent`).
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
      return await context.with(trace.setSpan(parent, span), () =>
        processOnce(this.options.dataSource, this.options.groupId, envelope, async (manager) => {
          const ctx = new EventContext([envelope, manager, { topic: event.topic, partition: event.partition, offset: event.offset }]);
          await lastValueFrom(this.transformToObservable(await handler(payload, ctx)), { defaultValue: undefined });
        }),
      );
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  }
}
