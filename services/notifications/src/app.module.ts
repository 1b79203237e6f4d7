import { Module, type DynamicModule } from '@nestjs/common';
import { dlqTopicOf, topicSpecFor, TOPICS, type TopicSpec } from '@mate/contracts';
import { JobsModule } from '@mate/jobs';
import {
  ConsumerGroupCheck,
  ConsumerLivenessCheck,
  MessagingModule,
  OutboxBacklogCheck,
  withTopicName,
  type EventSubscription,
  type MessagingModuleOptions,
} from '@mate/messaging';
import {
  DatabaseHealthCheck,
  HealthModule,
  ServiceDatabaseModule,
  ServiceKitModule,
  type ServiceKitModuleOptions,
} from '@mate/service-kit';
import { TenantDataKey } from '@mate/secrets';
import { NOTIFICATIONS_CONFIG_SPEC, NOTIFICATIONS_SERVICE, type NotificationsConfig } from './config/notifications.config';
import { NOTIFICATIONS_MIGRATIONS } from './database/migrations';
import { AlertRule, AlertRoutingModule } from './alert-routing';
import { Alert, AlertsModule } from './alerts';
import { CONNECTION_EVENTS, ConnectionAlertsModule } from './connection-alerts';
import { Delivery } from './deliveries/delivery.entity';
import { DeliveryAttempt } from './deliveries/delivery-attempt.entity';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { EndpointsModule, RecipientList, WebhookEndpoint } from './endpoints';
import { DeadLetterAlertsModule } from './dead-letter-alerts';
import { EscalatingNotifier, EscalationSchedulingModule, EscalationsModule } from './escalations';
import { ASSET_EVENTS, InventoryAlertsModule } from './inventory-alerts';
import { PM_EVENTS, PmAlertsModule } from './pm-alerts';
import { WORK_ORDER_EVENTS, WorkOrderAlertsModule } from './work-order-alerts';
import { NotificationTemplate } from './templates';
import { KnownAssetLocation, KnownLocation, LocationsModule } from './locations';
import { OutboundAllowList, OutboundModule } from './outbound';
import { ContactInboxPreferences, NotificationContact, RecipientsModule } from './recipients';

export const NOTIFICATIONS_ENTITIES = [
  Alert,
  AlertRule,
  WebhookEndpoint,
  RecipientList,
  Delivery,
  DeliveryAttempt,
  TenantDataKey,
  NotificationTemplate,
  NotificationContact,
  KnownLocation,
  KnownAssetLocation,
  OutboundAllowList,
];

export interface NotificationsAppOptions extends Pick<ServiceKitModuleOptions, 'logDestination'> {
  /** Validated once in main.ts (or by a test). */
  config: NotificationsConfig;
  /** Tests tune the relay and retries for speed. */
  messaging?: Pick<MessagingModuleOptions, 'relay' | 'retry'>;
  /** Tests consume topics of their own (by the source topic's name), so they never meet another run's events. */
  topics?: Readonly<Record<string, string>>;
}

/**
 * The topics this service consumes, each declared next to its handlers with `subscribe(...)`
 * (docs/event-backbone.md); src/event-subscriptions.spec.ts checks every event type of each is
 * handled or ignored with a reason.
 */
export const SUBSCRIPTIONS: readonly EventSubscription[] = [CONNECTION_EVENTS, WORK_ORDER_EVENTS, ASSET_EVENTS, PM_EVENTS];

/** The service's own topic, renamed when a test runs on a copy of its own. */
function ownTopic(topics: NotificationsAppOptions['topics']): TopicSpec {
  const spec = topicSpecFor('notifications');
  return { ...spec, topic: topics?.[spec.topic] ?? spec.topic };
}

@Module({})
export class NotificationsAppModule {
  static register(options: NotificationsAppOptions): DynamicModule {
    const { config } = options;
    const alerts = AlertsModule.register({ notifier: EscalatingNotifier, inboxPreferences: ContactInboxPreferences, imports: [EscalationSchedulingModule, RecipientsModule] });
    return {
      module: NotificationsAppModule,
      imports: [
        ServiceKitModule.forRoot({
          serviceName: NOTIFICATIONS_SERVICE,
          configSpec: NOTIFICATIONS_CONFIG_SPEC,
          config,
          logDestination: options.logDestination,
        }),
        ServiceDatabaseModule.forService({ entities: NOTIFICATIONS_ENTITIES, migrations: NOTIFICATIONS_MIGRATIONS }),
        MessagingModule.forRoot({
          serviceName: NOTIFICATIONS_SERVICE,
          brokers: [...config.kafka.brokers],
          databaseUrl: config.database.appUrl,
          produces: [ownTopic(options.topics)],
          consumes: SUBSCRIPTIONS.map((subscription) => withTopicName(subscription, options.topics?.[subscription.topic.topic])),
          // Alerts are latency work: a burst (a credential revoked under many connections) commits
          // its first alerts, and queues their deliveries, after 20 events instead of 100, on all
          // six partitions at once (B8). Throughput is far from the limit here.
          consumer: { maxBatchSize: 20, partitionsConsumedConcurrently: 6 },
          ...options.messaging,
        }),
        HealthModule.forRoot({
          liveness: [ConsumerLivenessCheck],
          readiness: [DatabaseHealthCheck, ConsumerGroupCheck, OutboxBacklogCheck],
        }),
        // Idle workers look for jobs every 0.5 s (pg-boss's minimum; default 2 s): a delivery's job is
        // queued with its alert, and this poll is most of the time to the customer (B8).
        JobsModule.forRoot({ serviceName: NOTIFICATIONS_SERVICE, databaseUrl: config.database.appUrl, shutdownTimeoutMs: config.shutdownDrainMs, pollingIntervalSeconds: 0.5 }),
        alerts,
        AlertRoutingModule,
        EndpointsModule,
        OutboundModule,
        RecipientsModule,
        LocationsModule,
        DeliveriesModule.register(alerts),
        EscalationsModule.register(alerts),
        ConnectionAlertsModule.register(alerts),
        WorkOrderAlertsModule.register(alerts),
        InventoryAlertsModule.register(alerts),
        PmAlertsModule.register(alerts),
        DeadLetterAlertsModule.register(alerts, TOPICS.map((spec) => dlqTopicOf(options.topics?.[spec.topic] ?? spec.topic))),
      ],
    };
  }
}
