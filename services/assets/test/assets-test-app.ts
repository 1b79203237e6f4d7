import { MessagingRuntime, startEventConsumer, withTopicName } from '@mate/messaging';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { applicationRoleUrl, serviceDatabaseUrl } from '@mate/database';
import { testDatabaseServerUrl, testKafkaBrokers, uniqueName } from '@mate/testing';
import {
  createTestingApp,
  loadServiceConfig,
  prepareDatabase,
  signDevelopmentToken,
  throwingConfigReporter,
  type Role,
} from '@mate/service-kit';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createAssetsAppModule } from '../src/app.module';
import { ASSETS_BODY_LIMITS, ASSETS_CONFIG_SPEC, ASSETS_SERVICE, type AssetsConfig } from '../src/config/assets.config';
import { ASSETS_MIGRATIONS } from '../src/database/migrations';
import { WORK_ORDER_EVENTS } from '../src/work-order-events';

export interface AssetsTestAppOptions {
  /** A throwaway database, dropped and migrated from scratch. */
  databaseName: string;
  /** Consume work-order events from this topic (unique per run) instead of the real one. */
  consumeTopic?: string;
  env?: Record<string, string>;
}

export interface AssetsTestApp {
  app: INestApplication;
  config: AssetsConfig;
  dataSource: DataSource;
  /** Superuser connection to the test database (bypasses RLS): for assertions only. */
  owner: Client;
  http: () => ReturnType<typeof request>;
  token: (tenantId: string, roles: Role[], subject?: string) => Promise<string>;
  /**
   * Runs `work` with the outbox relay stopped (after it published what was committed before), so
   * the outbox keeps every row committed meanwhile: what a "writes no event" check counts.
   */
  withRelayPaused: <T>(work: () => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
}

async function dropDatabase(name: string): Promise<void> {
  const server = new Client({ connectionString: testDatabaseServerUrl() });
  await server.connect();
  try {
    await server.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await server.end();
  }
}

export async function startAssetsTestApp(options: AssetsTestAppOptions): Promise<AssetsTestApp> {
  const base = loadServiceConfig(ASSETS_SERVICE, ASSETS_CONFIG_SPEC, {
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: testDatabaseServerUrl(),
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      ...options.env,
    },
    reporter: throwingConfigReporter,
  });
  const ownerUrl = serviceDatabaseUrl(testDatabaseServerUrl(), options.databaseName);
  const config: AssetsConfig = {
    ...base,
    database: {
      ...base.database,
      databaseName: options.databaseName,
      ownerUrl,
      appUrl: applicationRoleUrl(ownerUrl, base.database.appRole, base.database.appPassword),
    },
  };
  await dropDatabase(options.databaseName);
  await prepareDatabase(config, ASSETS_MIGRATIONS);

  const consuming = options.consumeTopic !== undefined;
  const moduleRef = await Test.createTestingModule({
    imports: [
      createAssetsAppModule({
        config,
        logDestination: { write: () => undefined },
        messaging: {
          // A consumer group of its own (mate.<serviceName>), never the real mate.assets.
          ...(consuming
            ? { consumes: [withTopicName(WORK_ORDER_EVENTS, options.consumeTopic)], serviceName: uniqueName('assets-test') }
            : { consumes: [] }),
          retry: { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
          relay: { pollIntervalMs: 200, leaderRetryMs: 300 },
        },
      }),
    ],
  }).compile();
  const app = await createTestingApp(moduleRef, { bodyLimits: ASSETS_BODY_LIMITS });
  if (consuming) await startEventConsumer(app);
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  const auth = config.auth;
  if (auth.mode !== 'dev') throw new Error('tests run in dev auth mode');
  return {
    app,
    config,
    dataSource: app.get(DataSource),
    owner,
    http: () => request(app.getHttpServer()),
    token: (tenantId, roles, subject = 'user-1') => signDevelopmentToken(auth, { subject, tenantId, roles }),
    withRelayPaused: async (work) => {
      const { relay } = app.get(MessagingRuntime);
      await relay.stop();
      try {
        return await work();
      } finally {
        relay.start();
      }
    },
    close: async () => {
      await app.close();
      await owner.end();
    },
  };
}
