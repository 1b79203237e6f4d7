import { Module, type DynamicModule } from '@nestjs/common';
import { topicSpecFor } from '@mate/contracts';
import { JobsModule } from '@mate/jobs';
import {
  ConsumerGroupCheck,
  ConsumerLivenessCheck,
  MessagingModule,
  OutboxBacklogCheck,
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
import { CONNECTORS_CONFIG_SPEC, CONNECTORS_SERVICE, type ConnectorsConfig } from './config/connectors.config';
import { CONNECTORS_MIGRATIONS } from './database/migrations';
import { ConnectionApiToken, ConnectSession } from './access';
import { Connection, ConnectionFailure, ConnectionIndexEntry, ConnectionTransition, ConnectionsModule } from './connections';
import { TenantDataKey } from './credentials';
import { OutboundAllowList } from './outbound';
import { WriteLedgerEntry, WritesModule } from './writes';
import { UnifiedSettingsModule } from './unified-settings';
import { SyncModule } from './sync';

export const CONNECTORS_ENTITIES = [Connection, ConnectionTransition, ConnectionFailure, ConnectionIndexEntry, TenantDataKey, ConnectionApiToken, ConnectSession, OutboundAllowList, WriteLedgerEntry];

export interface ConnectorsAppOptions extends Pick<ServiceKitModuleOptions, 'logDestination'> {
  /** Validated once in main.ts (or by a test). */
  config: ConnectorsConfig;
  /** Tests tune the relay and retries for speed. */
  messaging?: Pick<MessagingModuleOptions, 'relay' | 'retry'>;
  /** Tests (and benchmarks) run on a topic of their own so they never meet another run's events. */
  topics?: { own?: string };
}

/**
 * The topics this service consumes, each declared next to its handlers with `subscribe(...)`
 * (docs/event-backbone.md); src/event-subscriptions.spec.ts checks every event type of each is
 * handled or ignored with a reason.
 */
export const SUBSCRIPTIONS: readonly EventSubscription[] = [];

@Module({})
export class ConnectorsAppModule {
  static register(options: ConnectorsAppOptions): DynamicModule {
    const { config } = options;
    return {
      module: ConnectorsAppModule,
      imports: [
        ServiceKitModule.forRoot({
          serviceName: CONNECTORS_SERVICE,
          configSpec: CONNECTORS_CONFIG_SPEC,
          config,
          logDestination: options.logDestination,
        }),
        ServiceDatabaseModule.forService({ entities: CONNECTORS_ENTITIES, migrations: CONNECTORS_MIGRATIONS }),
        MessagingModule.forRoot({
          serviceName: CONNECTORS_SERVICE,
          brokers: [...config.kafka.brokers],
          databaseUrl: config.database.appUrl,
          produces: [{ ...topicSpecFor('connectors'), topic: options.topics?.own ?? topicSpecFor('connectors').topic }],
          consumes: SUBSCRIPTIONS,
          ...options.messaging,
        }),
        JobsModule.forRoot({
          serviceName: CONNECTORS_SERVICE,
          databaseUrl: config.database.appUrl,
          shutdownTimeoutMs: config.shutdownDrainMs,
        }),
        HealthModule.forRoot({
          liveness: [ConsumerLivenessCheck],
          readiness: [DatabaseHealthCheck, ConsumerGroupCheck, OutboxBacklogCheck],
        }),
        ConnectionsModule,
        WritesModule,
        UnifiedSettingsModule,
        SyncModule,
      ],
    };
  }
}
