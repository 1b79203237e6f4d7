import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EntitySchema } from 'typeorm';
import type { ServiceConfig } from '../config/service-config';
import { SERVICE_CONFIG } from '../config/service-config.token';
import { TenantTransactions } from '../tenancy/tenant-transactions.service';
import { DatabaseHealthCheck } from './database.health';
import type { MigrationList } from './prepare-database';

export interface ServiceDatabaseOptions {
  /** Entity classes (or schemas) of this service. */
  entities: ReadonlyArray<(new () => object) | EntitySchema>;
  /** Known to the application's DataSource (e.g. to check they ran); they run in prepareDatabase(). */
  migrations?: MigrationList;
}

/**
 * The service's TypeORM connection, as the application role (row-level security applies). The
 * schema is only ever changed by migrations run as the owner in prepareDatabase(): never
 * `synchronize`, never migrations from the application connection.
 */
@Module({})
export class ServiceDatabaseModule {
  static forService(options: ServiceDatabaseOptions): DynamicModule {
    return {
      module: ServiceDatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => ({
            type: 'postgres' as const,
            url: config.database.appUrl,
            entities: [...options.entities],
            migrations: [...(options.migrations ?? [])],
            synchronize: false,
            migrationsRun: false,
            logging: false,
            applicationName: config.serviceName,
            retryAttempts: 3,
            retryDelay: 1000,
            extra: { max: config.database.poolSize },
          }),
        }),
      ],
      providers: [TenantTransactions, DatabaseHealthCheck],
      exports: [TenantTransactions, DatabaseHealthCheck],
    };
  }
}
