import { loadServiceConfig, prepareDatabase, throwingConfigReporter, type ConfigSpec, type MigrationList, type ServiceConfig } from '@mate/service-kit';
import { recreateDatabase } from '@mate/testing';
import type { BenchContext } from './types';

/**
 * A service's configuration on a database of the benchmark's own (dropped, recreated and migrated
 * as in production), on the run's broker and server; the app role connects as the service would.
 */
export async function benchServiceConfig<S extends ConfigSpec>(
  ctx: BenchContext,
  service: { name: string; spec: S; migrations: MigrationList },
  databaseName: string,
): Promise<ServiceConfig<S>> {
  const base = loadServiceConfig(service.name, service.spec, {
    env: { NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: ctx.databaseServerUrl, KAFKA_BROKERS: ctx.brokers.join(',') },
    reporter: throwingConfigReporter,
  });
  const ownerUrl = await recreateDatabase(databaseName);
  const appUrl = new URL(ownerUrl);
  appUrl.username = base.database.appRole;
  appUrl.password = '';
  const config: ServiceConfig<S> = { ...base, database: { ...base.database, databaseName, ownerUrl, appUrl: appUrl.toString() } };
  await prepareDatabase(config, service.migrations);
  return config;
}
