import { Module, type DynamicModule } from '@nestjs/common';
import { topicSpecFor } from '@mate/contracts';
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
import { REPORTING_CONFIG_SPEC, REPORTING_SERVICE, type ReportingConfig } from './config/reporting.config';
import { REPORTING_MIGRATIONS } from './database/migrations';
import { FreshnessModule, type FreshnessOptions } from './freshness';
import type { ProjectionTarget } from './generations';
import { ALERT_EVENTS, ASSET_EVENTS, CONNECTION_EVENTS, PM_EVENTS, ProjectionsModule, WORK_ORDER_EVENTS } from './projections';
import { ReportsModule } from './reports';

/** The facts are read and written in SQL: no entities. */
export const REPORTING_ENTITIES = [];

export interface ReportingAppOptions extends Pick<ServiceKitModuleOptions, 'logDestination'> {
  /** Validated once in main.ts (or by a test). */
  config: ReportingConfig;
  /** Tests tune the relay and retries for speed. */
  messaging?: Pick<MessagingModuleOptions, 'relay' | 'retry'>;
  /** Tests run on topics of their own so they never meet another run's events. */
  topics?: ReportingTopics;
  freshness?: Pick<FreshnessOptions, 'refreshMs'>;
  /** Set by the rebuild (src/rebuild): only the projections, into a new generation, as its own consumer group. */
  replay?: ReplayOptions;
}

/** Topic names other than the registered ones (tests). */
export interface ReportingTopics {
  workOrders?: string;
  assets?: string;
  pmScheduling?: string;
  connectors?: string;
  notifications?: string;
}

/**
 * The topics this service consumes, each declared next to its handlers with `subscribe(...)`
 * (docs/event-backbone.md); src/event-subscriptions.spec.ts checks every event type of each is
 * handled or ignored with a reason.
 */
export const SUBSCRIPTIONS: readonly EventSubscription[] = [WORK_ORDER_EVENTS, ASSET_EVENTS, PM_EVENTS, CONNECTION_EVENTS, ALERT_EVENTS];

export function reportingSubscriptions(topics: ReportingTopics = {}): EventSubscription[] {
  return [
    withTopicName(WORK_ORDER_EVENTS, topics.workOrders),
    withTopicName(ASSET_EVENTS, topics.assets),
    withTopicName(PM_EVENTS, topics.pmScheduling),
    withTopicName(CONNECTION_EVENTS, topics.connectors),
    withTopicName(ALERT_EVENTS, topics.notifications),
  ];
}

/** What the rebuild (src/rebuild) runs: the same handlers, into a new generation, as another consumer group. */
export interface ReplayOptions {
  target: Required<ProjectionTarget>;
  consumerGroup: string;
}

@Module({})
export class ReportingAppModule {
  static register(options: ReportingAppOptions): DynamicModule {
    const { config, replay } = options;
    const consumes = reportingSubscriptions(options.topics);
    const readSide = [
      HealthModule.forRoot({
        liveness: [ConsumerLivenessCheck],
        readiness: [DatabaseHealthCheck, ConsumerGroupCheck, OutboxBacklogCheck],
      }),
      FreshnessModule.forRoot({ serviceName: REPORTING_SERVICE, topics: consumes.map((subscription) => subscription.topic.topic), ...options.freshness }),
      ReportsModule.register({ crewHoursPerWeek: config.extra.REPORTING_CREW_HOURS_PER_WEEK }),
    ];
    return {
      module: ReportingAppModule,
      imports: [
        ServiceKitModule.forRoot({
          serviceName: REPORTING_SERVICE,
          configSpec: REPORTING_CONFIG_SPEC,
          config,
          logDestination: options.logDestination,
        }),
        ServiceDatabaseModule.forService({ entities: REPORTING_ENTITIES, migrations: REPORTING_MIGRATIONS }),
        MessagingModule.forRoot({
          serviceName: REPORTING_SERVICE,
          brokers: [...config.kafka.brokers],
          databaseUrl: config.database.appUrl,
          // The messaging module needs the service's topic; reporting publishes nothing to it (yet).
          produces: [topicSpecFor('reporting')],
          consumes,
          ...options.messaging,
          ...(replay ? { consumerGroup: replay.consumerGroup, relay: { enabled: false } } : {}),
        }),
        ProjectionsModule.register(replay?.target),
        ...(replay ? [] : readSide),
      ],
    };
  }
}
