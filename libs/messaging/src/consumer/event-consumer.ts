import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { fromKafkaHeaders, type CloudEventEnvelope } from '../envelope/cloud-event-envelope';
import { DLQ_HEADERS, dlqTopicOf } from '@mate/contracts';
import { errorSummary } from '../dlq/dead-letter-headers';
import { createIdempotentProducer } from '../kafka/kafka-client';
import { messagingMetrics } from '../metrics/messaging-metrics';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, PermanentEventError, type RetryPolicy } from './retry-policy';

/** One delivered event: its envelope, raw protobuf bytes and Kafka coordinates. */
export interface ReceivedEvent {
  envelope: CloudEventEnvelope;
  value: Buffer;
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
}

/** What became of a delivered event once the handler was done with it. */
export type HandleOutcome = 'processed' | 'duplicate' | 'skipped';

export interface EventConsumerOptions {
  kafka: Kafka;
  /** `mate.<consuming-service>`, no suffixes. */
  groupId: string;
  topics: string[];
  /** Throws to retry; throws PermanentEventError to dead-letter at once. */
  handle: (event: ReceivedEvent) => Promise<HandleOutcome>;
  /**
   * Applies a run of consecutive events of one partition at once (one transaction), returning an
   * outcome per event. When it throws, nothing of the run was applied and each event goes through
   * `handle` one by one, with the retry and dead-letter rules; so order is kept either way.
   */
  handleBatch?: (events: ReceivedEvent[]) => Promise<HandleOutcome[]>;
  /**
   * Most events per `handleBatch` call (default 100). Fewer, larger inbox transactions: the
   * statements per transaction cost about the same whatever the run's length (B1).
   */
  maxBatchSize?: number;
  /** Partitions handled in parallel; order is per partition, so per aggregate (default 3). */
  partitionsConsumedConcurrently?: number;
  retry?: RetryPolicy;
  sessionTimeoutMs?: number;
  /** Read topics from the start when the group has no committed offset (default true). */
  fromBeginning?: boolean;
}

/**
 * A Kafka consumer with the platform's delivery rules: bounded retries with backoff, then the
 * dead-letter topic with the error and original coordinates in headers, so a poison message
 * never blocks its partition and is never dropped. Offsets are committed only after the handler
 * (or the dead-letter send) succeeded: at least once, made idempotent by the inbox.
 */
export class EventConsumer {
  private readonly logger = new Logger(EventConsumer.name);
  private readonly consumer: Consumer;
  private readonly deadLetterProducer: Producer;
  private readonly retry: RetryPolicy;
  private crashed = false;
  private joined = false;
  private started = false;

  constructor(private readonly options: EventConsumerOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
      retry: { retries: 10 },
    });
    this.deadLetterProducer = createIdempotentProducer(options.kafka);
    const { events } = this.consumer;
    this.consumer.on(events.GROUP_JOIN, () => {
      this.joined = true;
    });
    this.consumer.on(events.REBALANCING, () => {
      this.joined = false;
    });
    this.consumer.on(events.STOP, () => {
      this.joined = false;
    });
    // kafkajs restarts itself after retriable crashes; when it gives up (restart: false) the
    // process must be restarted by the orchestrator: liveness fails (kafkajs 1513, 852).
    this.consumer.on(events.CRASH, ({ payload }) => {
      this.joined = false;
      if (!payload.restart) {
        this.crashed = true;
        this.logger.error(`consumer ${options.groupId} crashed and will not restart: ${errorSummary(payload.error)}`);
      } else {
        this.logger.warn(`consumer ${options.groupId} crashed, kafkajs restarts it: ${errorSummary(payload.error)}`);
      }
    });
  }

  /** False once the consumer crashed for good: the liveness probe fails and the pod restarts. */
  get isAlive(): boolean {
    return !this.crashed;
  }

  get hasJoinedGroup(): boolean {
    return this.joined;
  }

  async start(): Promise<void> {
    await this.deadLetterProducer.connect();
    await this.consumer.connect();
    await this.subscribeWhenTopicsAreReady();
    await this.consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      // Offsets are resolved one by one below, only once an event is handled or dead-lettered.
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.started = true;
  }

  /**
   * Services start in any order and create each other's topics; for a few seconds after a topic is
   * created the broker can still answer UNKNOWN_TOPIC_OR_PARTITION (a retriable error), which
   * would otherwise stop the service from starting.
   */
  private async subscribeWhenTopicsAreReady(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
        return;
      } catch (error) {
        const retriable = typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
        if (!retriable || attempt >= 20) throw error;
        this.logger.warn(`subscribing to ${this.options.topics.join(', ')} failed (attempt ${attempt}), retrying: ${errorSummary(error)}`);
        await sleep(Math.min(3_000, 250 * attempt));
      }
    }
  }

  /** Stops fetching, lets in-flight handlers finish, commits and leaves the group. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.consumer.disconnect();
    await this.deadLetterProducer.disconnect();
  }

  private async onBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const maxBatchSize = this.options.maxBatchSize ?? 100;
    for (let start = 0; start < batch.messages.length; start += maxBatchSize) {
      if (!isRunning() || isStale()) return;
      const run = batch.messages.slice(start, start + maxBatchSize);
      const applied = run.length > 1 && (await this.tryBatch(topic, partition, run));
      if (applied) {
        resolveOffset(run[run.length - 1].offset);
      } else {
        for (const message of run) {
          if (!isRunning() || isStale()) return;
          await this.onMessage(topic, partition, message, heartbeat);
          resolveOffset(message.offset);
        }
      }
      await heartbeat();
      await commitOffsetsIfNecessary();
    }
  }

  /** True when the whole run was applied through `handleBatch`; false to go one by one. */
  private async tryBatch(topic: string, partition: number, run: KafkaMessage[]): Promise<boolean> {
    if (!this.options.handleBatch) return false;
    const events: ReceivedEvent[] = [];
    for (const message of run) {
      try {
        events.push(receivedEvent(topic, partition, message, fromKafkaHeaders(message.headers)));
      } catch {
        return false; // an invalid envelope is dead-lettered on the one-by-one path
      }
    }
    const started = process.hrtime.bigint();
    try {
      const outcomes = await this.options.handleBatch(events);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9 / events.length;
      events.forEach((event, index) => {
        const attributes = { group: this.options.groupId, type: event.envelope.type };
        messagingMetrics().consumed.add(1, { ...attributes, outcome: outcomes[index] ?? 'processed' });
        messagingMetrics().handlerDuration.record(seconds, attributes);
      });
      return true;
    } catch (error) {
      this.logger.debug(`batch of ${events.length} from ${topic}/${partition} failed, handling one by one: ${errorSummary(error)}`);
      return false;
    }
  }

  /** One event on its own: retries with backoff, then the dead-letter topic. */
  private async onMessage(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const value = message.value ?? Buffer.alloc(0);
    const coordinates = { topic, partition, offset: message.offset };
    let envelope: CloudEventEnvelope;
    try {
      envelope = fromKafkaHeaders(message.headers);
    } catch (error) {
      await this.deadLetter(coordinates, message.key, value, message.headers, error, 1);
      return;
    }
    const event = receivedEvent(topic, partition, message, envelope);

    for (let attempt = 1; ; attempt += 1) {
      const started = process.hrtime.bigint();
      try {
        const outcome = await this.options.handle(event);
        messagingMetrics().consumed.add(1, { group: this.options.groupId, type: envelope.type, outcome });
        messagingMetrics().handlerDuration.record(Number(process.hrtime.bigint() - started) / 1e9, {
          group: this.options.groupId,
          type: envelope.type,
        });
        return;
      } catch (error) {
        const permanent = error instanceof PermanentEventError;
        if (permanent || attempt >= this.retry.maxAttempts) {
          await this.deadLetter(coordinates, message.key, value, message.headers, error, attempt);
          return;
        }
        messagingMetrics().handlerRetries.add(1, { group: this.options.groupId, type: envelope.type });
        const delay = backoffDelayMs(this.retry, attempt);
        this.logger.warn(
          `handler for ${envelope.type} (ce_id ${envelope.id}) failed, attempt ${attempt}/${this.retry.maxAttempts}, retrying in ${delay} ms: ${errorSummary(error)}`,
        );
        await sleep(delay);
        await heartbeat();
      }
    }
  }

  /** If this send fails the error propagates: kafkajs redelivers the message, nothing is dropped. */
  private async deadLetter(
    coordinates: { topic: string; partition: number; offset: string },
    key: Buffer | null,
    value: Buffer,
    headers: IHeaders | undefined,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const dlqTopic = dlqTopicOf(coordinates.topic);
    this.logger.error(
      `dead-lettering ${coordinates.topic}/${coordinates.partition}@${coordinates.offset} to ${dlqTopic} after ${attempts} attempt(s): ${errorSummary(error)}`,
    );
    await this.deadLetterProducer.send({
      topic: dlqTopic,
      acks: -1,
      messages: [
        {
          key,
          value,
          headers: {
            ...headers,
            [DLQ_HEADERS.error]: errorSummary(error),
            [DLQ_HEADERS.attempts]: String(attempts),
            [DLQ_HEADERS.originalTopic]: coordinates.topic,
            [DLQ_HEADERS.originalPartition]: String(coordinates.partition),
            [DLQ_HEADERS.originalOffset]: coordinates.offset,
            [DLQ_HEADERS.consumerGroup]: this.options.groupId,
            [DLQ_HEADERS.failedAt]: new Date().toISOString(),
          },
        },
      ],
    });
    messagingMetrics().deadLettered.add(1, { group: this.options.groupId, topic: coordinates.topic });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function receivedEvent(topic: string, partition: number, message: KafkaMessage, envelope: CloudEventEnvelope): ReceivedEvent {
  return {
    envelope,
    value: message.value ?? Buffer.alloc(0),
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8'),
  };
}
