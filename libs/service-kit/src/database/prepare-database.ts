import { ensureDatabase, grantMigratedSchemas, redactUrl } from '@mate/database';
import { Client } from 'pg';
import { DataSource, type MigrationInterface } from 'typeorm';
import type { ServiceConfig } from '../config/service-config';

export type MigrationList = ReadonlyArray<new () => MigrationInterface>;

export interface PrepareDatabaseResult {
  /** Names of the migrations applied now (empty when the schema was current). */
  applied: string[];
}

/**
 * Before the application connects: create the service database and the application role if
 * missing, then run pending migrations as the owner, in their own DataSource that is closed after,
 * and grant the application role data access on the schemas they created.
 * Replicas starting together take turns on an advisory lock, so each migration runs once.
 */
export async function prepareDatabase(
  config: Pick<ServiceConfig, 'serviceName'> & { database: Omit<ServiceConfig['database'], 'poolSize'> },
  migrations: MigrationList,
): Promise<PrepareDatabaseResult> {
  const { ownerUrl, appRole, appPassword } = config.database;
  await ensureDatabase({ ownerUrl, applicationRole: appRole, applicationRolePassword: appPassword });

  const lock = new Client({ connectionString: ownerUrl, application_name: `${config.serviceName}-migrations` });
  await lock.connect();
  try {
    await lock.query(`select pg_advisory_lock(hashtext('mate.migrations'))`);
    const dataSource = new DataSource({
      type: 'postgres',
      url: ownerUrl,
      migrations: [...migrations],
      migrationsTableName: 'typeorm_migrations',
      logging: false,
    });
    await dataSource.initialize().catch((error: unknown) => {
      throw new Error(`cannot connect to ${redactUrl(ownerUrl)} to migrate`, { cause: error });
    });
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      // Schemas besides public that migrations created (the job queue's) exist only now.
      await grantMigratedSchemas(ownerUrl, appRole);
      return { applied: applied.map((migration) => migration.name) };
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.end();
  }
}
