import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type INestApplication,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Registry } from '@bufbuild/protobuf';
import type { MicroserviceOptions, NestMicroservice } from '@nestjs/microservices';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  deadLetterSpecOf,
  DEFAULT_PARTITIONS,
  DEFAULT_RETENTION_MS,
  topicSpecOf,
  type KafkaTopicConfig,
  type TopicSpec,
} from '@mate/contracts';
import type { RetryPolicy } from '../consumer/retry-policy';
import {
  consumerGroupReadinessCheck,
  consumerLivenessCheck,
  outboxBacklogReadinessCheck,
  type MessagingHealthCheck,
} from '../health/messaging-health';
import { createIdempotentProducer, createKafka } from '../kafka/kafka-client';
import { provisionTopics } from '../kafka/topic-provisioner';
import { pruneInbox } from '../inbox/idempotent-inbox';
import { EventOutbox } from '../outbox/event-outbox';
import { OutboxRelay } from '../outbox/outbox-relay';
import { CloudEventsKafkaTransport } from './cloud-events-kafka.transport';
import { RethrowEventErrorsFilter } from './rethrow-event-errors.filter';

export interface MessagingModuleOptions {
  /** kebab-case service name: source `/mate/<service>`, consumer group `mate.<service>`. */
  serviceName: string;
  brokers: string[];
  /** The service database as the application connects to it; the relay keeps a session there. */
  databaseUrl: string;
  /** The service's own topic first (the outbox default); provisioned with their DLQs at start. */
  produces: readonly TopicSpec[];
  /** Topics whose events this service handles with `@EventPattern`. */
  consumes?: string[];
  /** Resolves `ce_type` to a protobuf schema (`eventRegistry` from @mate/contracts). */
  registry: Registry;
  retry?: RetryPolicy;
  /** `enabled: false` runs no relay in this process (e.g. a dedicated relay deployment elsewhere). */
  relay?: { enabled?: boolean; batchSize?: number; pollIntervalMs?: number; leaderRetryMs?: number };
  /** Inbox rows are kept this long, longer than any dead letter can wait for a replay (default 35). */
  inboxRetentionDays?: number;
  /** Readiness fails above this many unpublished outbox rows (default 10,000). */
  outboxBacklogThreshold?: number;
  /** 1 locally and in CI, 3 in production. */
  replicationFactor?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const MESSAGING_KAFKA = Symbol('MESSAGING_KAFKA');

export function consumerGroupOf(serviceName: string): string {
  return `mate.${serviceName}`;
}

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
        groupId: consumerGroupOf(options.serviceName),
        topics: options.consumes,
        dataSource,
        registry: options.registry,
        retry: options.retry,
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

/** The service's messaging health checks, to hand to the chassis' health module. */
@Injectable()
export class MessagingHealth {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly dataSource: DataSource,
    private readonly runtime: MessagingRuntime,
  ) {}

  liveness(): MessagingHealthCheck[] {
    return [consumerLivenessCheck(() => this.runtime.transport)];
  }

  readiness(): MessagingHealthCheck[] {
    return [
      consumerGroupReadinessCheck(() => this.runtime.transport),
      outboxBacklogReadinessCheck(this.dataSource, this.options.outboxBacklogThreshold ?? 10_000),
    ];
  }
}

/**
 * The service's own topics with their dead-letter topics, and the dead-letter topics of what it
 * consumes: those must exist before the first failure needs them.
 */
function topicsToProvision(options: MessagingModuleOptions): KafkaTopicConfig[] {
  const specOf = (topic: string): TopicSpec =>
    options.produces.find((spec) => spec.topic === topic) ??
    topicSpecOf(topic) ?? {
      topic,
      producer: 'platform',
      partitions: DEFAULT_PARTITIONS,
      retentionMs: DEFAULT_RETENTION_MS,
      description: '',
      events: [],
    };
  const configs = [
    ...options.produces.flatMap((spec) => [spec, deadLetterSpecOf(spec)]),
    ...(options.consumes ?? []).map((topic) => deadLetterSpecOf(specOf(topic))),
  ];
  const unique = new Map(configs.map(({ topic, partitions, retentionMs }) => [topic, { topic, partitions, retentionMs }]));
  return [...unique.values()];
}

@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    if (options.produces.length === 0) throw new Error('MessagingModule: `produces` needs the service topic');
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: MESSAGING_KAFKA,
          useFactory: () => createKafka({ brokers: options.brokers, clientId: `mate-${options.serviceName}` }),
        },
        {
          provide: EventOutbox,
          useFactory: () =>
            new EventOutbox({ serviceName: options.serviceName, defaultTopic: options.produces[0].topic }),
        },
        MessagingRuntime,
        MessagingHealth,
      ],
      exports: [EventOutbox, MessagingHealth, MessagingRuntime],
    };
  }
}

/**
 * Attaches the service's event consumer to the Nest app (call before `startAllMicroservices`).
 * No-op for a service that consumes nothing.
 */
export function connectEventTransport(app: INestApplication): void {
  const transport = app.get(MessagingRuntime).transport;
  if (!transport) return;
  // Handlers are bound with the filters known at registration time, so defer it until the filter
  // is in place, then finish the registration that `connectMicroservice` would have done.
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    { strategy: transport },
    { inheritAppConfig: false, deferInitialization: true },
  ) as unknown as NestMicroservice;
  microservice.useGlobalFilters(new RethrowEventErrorsFilter());
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
}
