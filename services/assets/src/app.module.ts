import { Module, type Type } from '@nestjs/common';
import { topicSpecFor } from '@mate/contracts';
import {
  ConsumerGroupCheck,
  ConsumerLivenessCheck,
  MessagingModule,
  OutboxBacklogCheck,
  type MessagingModuleOptions,
} from '@mate/messaging';
import { DatabaseHealthCheck, HealthModule, ServiceDatabaseModule, ServiceKitModule } from '@mate/service-kit';
import type { DestinationStream } from 'pino';
import { Asset, AssetsModule, AssetStatusChange, Downtime } from './assets';
import { CommonModule } from './common/common.module';
import { ASSETS_CONFIG_SPEC, ASSETS_SERVICE, type AssetsConfig } from './config/assets.config';
import { CustomFieldDefinition, CustomFieldsModule } from './custom-fields';
import { ASSETS_MIGRATIONS } from './database/migrations';
import { InventoryModule, Part, Reservation, StockLevel, StockMovement } from './inventory';
import { Location, LocationsModule } from './locations';
import { Meter, MeterReading, MetersModule } from './meters';
import { PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatusChange, PurchasingModule, Vendor } from './purchasing';
import { WORK_ORDER_EVENTS, WorkOrderEventsModule } from './work-order-events';

export const ASSETS_ENTITIES = [Location, CustomFieldDefinition, Asset, AssetStatusChange, Downtime, Meter, MeterReading, Part, StockLevel, StockMovement, Reservation, Vendor, PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatusChange];

/** The topics this service consumes, declared next to their handlers: work orders' parts and readings. */
export const SUBSCRIPTIONS = [WORK_ORDER_EVENTS];

export interface AssetsAppOptions {
  config: AssetsConfig;
  /** Where logs go instead of stdout (tests). */
  logDestination?: DestinationStream;
  /** Test overrides of the messaging setup (topics, retry policy, relay timing). */
  messaging?: Partial<MessagingModuleOptions>;
}

/**
 * The service's root module, built from an already validated configuration (the messaging module
 * needs the brokers and database URL when the module graph is built).
 */
export function createAssetsAppModule(options: AssetsAppOptions): Type<unknown> {
  const { config } = options;
  const messaging: MessagingModuleOptions = {
    serviceName: ASSETS_SERVICE,
    brokers: [...config.kafka.brokers],
    databaseUrl: config.database.appUrl,
    produces: [topicSpecFor('assets')],
    consumes: SUBSCRIPTIONS,
    ...options.messaging,
  };
  @Module({
    imports: [
      ServiceKitModule.forRoot({
        serviceName: ASSETS_SERVICE,
        configSpec: ASSETS_CONFIG_SPEC,
        config,
        ...(options.logDestination ? { logDestination: options.logDestination } : {}),
      }),
      ServiceDatabaseModule.forService({ entities: ASSETS_ENTITIES, migrations: ASSETS_MIGRATIONS }),
      MessagingModule.forRoot(messaging),
      HealthModule.forRoot({
        liveness: [ConsumerLivenessCheck],
        readiness: [DatabaseHealthCheck, ConsumerGroupCheck, OutboxBacklogCheck],
      }),
      CommonModule,
      CustomFieldsModule,
      LocationsModule,
      AssetsModule,
      MetersModule,
      InventoryModule,
      PurchasingModule,
      WorkOrderEventsModule,
    ],
  })
  class AssetsAppModule {}
  return AssetsAppModule;
}
