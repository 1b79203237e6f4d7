import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { deadLetterSpecOf, type KafkaTopicConfig } from '@mate/contracts';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { pruneInbox } from '../inbox/idempotent-inbox';
import { createIdempotentProducer } from '../kafka/kafka-client';
import { provisionTopics } from '../kafka/topic-provisioner';
import { OutboxRelay } from '../outbox/outbox-relay';
import { CloudEventsKafkaTransport } from './cloud-events-kafka.transport';
import { consumerGroupOf, MESSAGING_KAFKA, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging-options';

/** Provisions topics, runs the outbox relay, owns the consumer transport of the service. */
@Injectable()
export class MessagingRuntime implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MessagingRuntime.name);
  readonly relay: OutboxRelay;
  readonly transport?: CloudEventsKafkaTransport;
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGING_KAFKA) private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
  ) {
    this.relay = new OutboxRelay({
      serviceName: options.serviceName,
      databaseUrl: options.databaseUrl,
      producer: createIdempotentProducer(kafka),
      ...options.relay,
    });
    if (options.consumes && options.consumes.length > 0) {
      this.transport = new CloudEventsKafkaTransport({
        kafka,
        groupId: options.consumerGroup ?? consumerGroupOf(options.serviceName),
        subscriptions: options.consumes,
        dataSource,
        retry: options.retry,
        consumer: options.consumer,
      });
    }
  }

  async onModuleInit(): Promise<void> {
    await provisionTopics(this.kafka, topicsToProvision(this.options), this.options.replicationFactor);
  }

  onApplicationBootstrap(): void {
    if (this.options.relay?.enabled !== false) this.relay.start();
    if (this.transport) {
      this.pruneTimer = setInterval(() => void this.pruneInbox(), 3_600_000);
      this.pruneTimer.unref();
    }
  }

  /** Deletes inbox rows past their retention; runs hourly on every consuming replica. */
  async pruneInbox(): Promise<number> {
    try {
      return await pruneInbox(this.dataSource, this.options.inboxRetentionDays ?? 35);
    } catch (error) {
      this.logger.warn(`inbox pruning failed, will retry: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.pruneTimer);
    this.logger.log('flushing the outbox relay');
    await this.relay.stop();
  }
}

/**
 * The service's own topics and the topics it consumes (a consumer subscribing to a missing topic
 * crashes, and services start in any order), each with its dead-letter topic: those must exist
 * before the first failure needs them. A consumed topic is created from its registered spec, so
 * whichever service starts first creates the same thing.
 */
function topicsToProvision(options: MessagingModuleOptions): KafkaTopicConfig[] {
  const specs = [...options.produces, ...(options.consumes ?? []).map((subscription) => subscription.topic)];
  const configs = specs.flatMap((spec) => [spec, deadLetterSpecOf(spec)]);
  const unique = new Map(configs.map(({ topic, partitions, retentionMs }) => [topic, { topic, partitions, retentionMs }]));
  return [...unique.values()];
}

