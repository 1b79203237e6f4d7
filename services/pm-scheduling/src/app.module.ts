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
import { ASSET_EVENTS, AssetDirectoryModule } from './asset-directory';
import { PM_SCHEDULING_CONFIG_SPEC, PM_SCHEDULING_SERVICE, type PmSchedulingConfig } from './config/pm-scheduling.config';
import { PM_SCHEDULING_MIGRATIONS } from './database/migrations';
import { MeterReadingsModule } from './meter-readings';
import { OccurrenceEngineModule, PmOccurrence, type OccurrenceEngineOptions } from './occurrences';
import { PlanningModule } from './planning';
import { PmCalendar, PmCalendarsModule } from './pm-calendars';
import { PmPlan, PmPlansModule } from './pm-plans';
import { WORK_ORDER_EVENTS, WorkOrderOutcomesModule } from './work-order-outcomes';

export const PM_SCHEDULING_ENTITIES = [PmPlan, PmCalendar, PmOccurrence];

export interface PmSchedulingAppOptions extends Pick<ServiceKitModuleOptions, 'logDestination'> {
  /** Validated once in main.ts (or by a test). */
  config: PmSchedulingConfig;
  /** Tests tune the relay and retries for speed. */
  messaging?: Pick<MessagingModuleOptions, 'relay' | 'retry'>;
  /** Tests run on topics of their own so they never meet another run's events. */
  topics?: { own?: string; assets?: string; workOrders?: string };
  /** Tests step the engine by hand (enabled: false). */
  engine?: Partial<OccurrenceEngineOptions>;
}

/**
 * The topics this service consumes, each declared next to its handlers with `subscribe(...)`
 * (docs/event-backbone.md); src/event-subscriptions.spec.ts checks every event type of each is
 * handled or ignored with a reason.
 */
export const SUBSCRIPTIONS: readonly EventSubscription[] = [ASSET_EVENTS, WORK_ORDER_EVENTS];

function subscriptions(topics: PmSchedulingAppOptions['topics'] = {}): EventSubscription[] {
  return [withTopicName(ASSET_EVENTS, topics.assets), withTopicName(WORK_ORDER_EVENTS, topics.workOrders)];
}

@Module({})
export class PmSchedulingAppModule {
  static register(options: PmSchedulingAppOptions): DynamicModule {
    const { config } = options;
    const ownTopic = options.topics?.own ?? topicSpecFor('pm-scheduling').topic;
    return {
      module: PmSchedulingAppModule,
      imports: [
        ServiceKitModule.forRoot({
          serviceName: PM_SCHEDULING_SERVICE,
          configSpec: PM_SCHEDULING_CONFIG_SPEC,
          config,
          logDestination: options.logDestination,
        }),
        ServiceDatabaseModule.forService({ entities: PM_SCHEDULING_ENTITIES, migrations: PM_SCHEDULING_MIGRATIONS }),
        MessagingModule.forRoot({
          serviceName: PM_SCHEDULING_SERVICE,
          brokers: [...config.kafka.brokers],
          databaseUrl: config.database.appUrl,
          produces: [{ ...topicSpecFor('pm-scheduling'), topic: ownTopic }],
          consumes: subscriptions(options.topics),
          ...options.messaging,
        }),
        HealthModule.forRoot({
          liveness: [ConsumerLivenessCheck],
          readiness: [DatabaseHealthCheck, ConsumerGroupCheck, OutboxBacklogCheck],
        }),
        // Before PmPlansModule: its static routes (/pm-plans/forecast, /pm-plans/compliance) must win over /pm-plans/:id.
        PlanningModule,
        PmPlansModule,
        PmCalendarsModule,
        AssetDirectoryModule,
        MeterReadingsModule,
        WorkOrderOutcomesModule,
        OccurrenceEngineModule.register({
          enabled: true,
          intervalMs: config.extra.PM_ENGINE_INTERVAL_MS,
          batchSize: config.extra.PM_ENGINE_BATCH_SIZE,
          maxBatchesPerRun: config.extra.PM_ENGINE_MAX_BATCHES_PER_RUN,
          ...options.engine,
        }),
      ],
    };
  }
}
