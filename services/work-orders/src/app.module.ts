import { Module, type DynamicModule } from '@nestjs/common';
import { topicFor, topicSpecFor } from '@mate/contracts';
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
  loadServiceConfig,
  ServiceDatabaseModule,
  ServiceKitModule,
  type ServiceKitModuleOptions,
} from '@mate/service-kit';
import { KnownAsset, KnownLocation } from './asset-directory';
import { ASSET_EVENTS, AssetEventsModule } from './asset-events';
import { ChecklistsModule } from './checklists';
import { CustomFieldDefinition, CustomFieldsModule } from './custom-fields';
import { SERVICE_NAME, WORK_ORDERS_CONFIG_SPEC, type WorkOrdersConfig } from './config/work-orders.config';
import { WORK_ORDERS_MIGRATIONS } from './database/migrations';
import { PersistenceModule } from './database/persistence.module';
import { ImportExportModule } from './import-export';
import { LabourAndCostsModule } from './labour-and-costs';
import { OverdueModule } from './overdue';
import { PM_OCCURRENCE_EVENTS, PmWorkModule } from './pm-work';
import { RequestsModule, WorkRequest } from './requests';
import { TransitionsModule } from './transitions';
import {
  ChecklistItem,
  LabourEntry,
  OtherCostEntry,
  PartLine,
  WorkOrder,
  WorkOrderComment,
  WorkOrderHistoryEntry,
  WorkOrdersModule,
} from './work-orders';

export const ENTITIES = [
  WorkOrder,
  WorkOrderHistoryEntry,
  WorkOrderComment,
  ChecklistItem,
  LabourEntry,
  PartLine,
  OtherCostEntry,
  WorkRequest,
  KnownAsset,
  KnownLocation,
  CustomFieldDefinition,
];

export interface WorkOrdersAppOptions extends Pick<ServiceKitModuleOptions, 'logDestination'> {
  /** An already loaded configuration (tests); otherwise from the environment. */
  config?: WorkOrdersConfig;
  /** Tests run on topics of their own so they never meet another run's events. */
  topics?: { own?: string; pmScheduling?: string; assets?: string };
  /** Tests tune the relay and retries for speed. */
  messaging?: Pick<MessagingModuleOptions, 'relay' | 'retry'>;
  /** The periodic overdue scan on the job queue (default on). */
  overdueScan?: boolean;
}

/** The topics this service consumes, declared next to their handlers: PM occurrences and the assets read model. */
export function subscriptions(topics: WorkOrdersAppOptions['topics'] = {}): EventSubscription[] {
  return [withTopicName(PM_OCCURRENCE_EVENTS, topics.pmScheduling), withTopicName(ASSET_EVENTS, topics.assets)];
}

@Module({})
export class WorkOrdersAppModule {
  static register(options: WorkOrdersAppOptions = {}): DynamicModule {
    const config = options.config ?? loadServiceConfig(SERVICE_NAME, WORK_ORDERS_CONFIG_SPEC);
    const ownTopic = options.topics?.own ?? topicFor('work-orders');
    return {
      module: WorkOrdersAppModule,
      imports: [
        ServiceKitModule.forRoot({
          serviceName: SERVICE_NAME,
          configSpec: WORK_ORDERS_CONFIG_SPEC,
          config,
          logDestination: options.logDestination,
        }),
        ServiceDatabaseModule.forService({ entities: ENTITIES, migrations: WORK_ORDERS_MIGRATIONS }),
        MessagingModule.forRoot({
          serviceName: SERVICE_NAME,
          brokers: [...config.kafka.brokers],
          databaseUrl: config.database.appUrl,
          produces: [{ ...topicSpecFor('work-orders'), topic: ownTopic }],
          consumes: subscriptions(options.topics),
          ...options.messaging,
        }),
        JobsModule.forRoot({
          serviceName: SERVICE_NAME,
          databaseUrl: config.database.appUrl,
          shutdownTimeoutMs: config.shutdownDrainMs,
        }),
        HealthModule.forRoot({
          liveness: [ConsumerLivenessCheck],
          readiness: [DatabaseHealthCheck, ConsumerGroupCheck, OutboxBacklogCheck],
        }),
        PersistenceModule,
        // Before WorkOrdersModule (and before the modules importing it): their static routes
        // (/work-orders/custom-fields, /work-orders/export) must win over /work-orders/:id.
        CustomFieldsModule,
        ImportExportModule,
        WorkOrdersModule,
        TransitionsModule,
        ChecklistsModule,
        LabourAndCostsModule,
        RequestsModule,
        PmWorkModule,
        AssetEventsModule,
        OverdueModule.register({ enabled: options.overdueScan ?? true }),
      ],
    };
  }
}
