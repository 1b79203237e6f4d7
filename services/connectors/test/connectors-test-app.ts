import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createTestingApp, loadServiceConfig, prepareDatabase, signDevelopmentToken, throwingConfigReporter, type Role } from '@mate/service-kit';
import { recreateDatabase, testDatabaseServerUrl, testKafkaBrokers } from '@mate/testing';
import { Client } from 'pg';
import request from 'supertest';
import { ConnectorsAppModule } from '../src/app.module';
import { CONNECTORS_CONFIG_SPEC, CONNECTORS_SERVICE, type ConnectorsConfig } from '../src/config/connectors.config';
import { CONNECTORS_MIGRATIONS } from '../src/database/migrations';

export interface ConnectorsTestApp {
  app: INestApplication;
  config: ConnectorsConfig;
  /** Superuser connection to the test database (bypasses row-level security): for assertions only. */
  owner: Client;
  /** Every line the service logged. */
  logs: string[];
  http: () => ReturnType<typeof request>;
  token: (tenantId: string, roles: Role[], subject?: string) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * The connectors service in-process on a throwaway database (or, `fresh: false`, another replica on
 * the same one), against the real Kafka; logs captured.
 */
export async function startConnectorsTestApp(
  databaseName: string,
  env: Record<string, string>,
  options: { fresh: boolean; topic?: string } = { fresh: true },
): Promise<ConnectorsTestApp> {
  const config = loadServiceConfig(CONNECTORS_SERVICE, CONNECTORS_CONFIG_SPEC, {
    env: { NODE_ENV: 'test', LOG_LEVEL: 'debug', DATABASE_URL: testDatabaseServerUrl(), KAFKA_BROKERS: testKafkaBrokers().join(','), ...env },
    reporter: throwingConfigReporter,
    databaseName,
  });
  if (options.fresh) {
    await recreateDatabase(databaseName);
    await prepareDatabase(config, CONNECTORS_MIGRATIONS);
  }
  const logs: string[] = [];
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConnectorsAppModule.register({
        config,
        logDestination: { write: (line: string) => void logs.push(line) },
        messaging: { relay: { pollIntervalMs: 100 } },
        topics: { own: options.topic },
      }),
    ],
  }).compile();
  const app = await createTestingApp(moduleRef);
  const owner = new Client({ connectionString: config.database.ownerUrl });
  await owner.connect();
  const auth = config.auth;
  if (auth.mode !== 'dev') throw new Error('tests run in dev auth mode');
  return {
    app,
    config,
    owner,
    logs,
    http: () => request(app.getHttpServer()),
    token: (tenantId, roles, subject = 'admin-1') => signDevelopmentToken(auth, { subject, tenantId, roles }),
    close: async () => {
      await app.close();
      await owner.end();
    },
  };
}
