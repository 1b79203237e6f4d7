import { randomUUID } from 'node:crypto';
import { fromBinary, type DescMessage, type MessageInitShape, type MessageShape, create, toBinary } from '@bufbuild/protobuf';
import { newEventId, startEventConsumer, toKafkaHeaders } from '@mate/messaging';
import {
  createTestingApp,
  loadServiceConfig,
  prepareDatabase,
  signDevelopmentToken,
  throwingConfigReporter,
  type Role,
} from '@mate/service-kit';
import { recreateDatabase, testDatabaseServerUrl, testKafkaBrokers } from '@mate/testing';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { WorkOrdersAppModule, type WorkOrdersAppOptions } from '../../src/app.module';
import { SERVICE_NAME, WORK_ORDERS_CONFIG_SPEC, type WorkOrdersConfig } from '../../src/config/work-orders.config';
import { WORK_ORDERS_MIGRATIONS } from '../../src/database/migrations';
import { IMPORT_PATH } from '../../src/import-export';

export interface TestTopics {
  own: string;
  pmScheduling: string;
  assets: string;
}

/** Topics of this test file only: other runs' events never reach it. */
export function testTopics(label: string): TestTopics {
  const suffix = `${label}-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  return { own: `test.wo.${suffix}`, pmScheduling: `test.pm.${suffix}`, assets: `test.assets.${suffix}` };
}

/** A configuration whose database is a throwaway one (`mate_work_orders_test_<label>`), freshly migrated. */
export async function prepareTestConfig(label: string, extraEnv: Record<string, string> = {}): Promise<WorkOrdersConfig> {
  const base = loadServiceConfig(SERVICE_NAME, WORK_ORDERS_CONFIG_SPEC, {
    env: { NODE_ENV: 'test', LOG_LEVEL: 'error', DATABASE_URL: testDatabaseServerUrl(), KAFKA_BROKERS: testKafkaBrokers().join(','), ...extraEnv },
    reporter: throwingConfigReporter,
  });
  const databaseName = `mate_work_orders_test_${label.replace(/-/g, '_')}`;
  const ownerUrl = await recreateDatabase(databaseName);
  const appUrl = new URL(ownerUrl);
  appUrl.username = base.database.appRole;
  appUrl.password = '';
  const config: WorkOrdersConfig = { ...base, database: { ...base.database, databaseName, ownerUrl, appUrl: appUrl.toString() } };
  await prepareDatabase(config, WORK_ORDERS_MIGRATIONS);
  return config;
}

export interface WorkOrdersTestApp {
  app: INestApplication;
  dataSource: DataSource;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export async function startWorkOrders(
  config: WorkOrdersConfig,
  options: Omit<WorkOrdersAppOptions, 'config'> & { consume?: boolean } = {},
): Promise<WorkOrdersTestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [WorkOrdersAppModule.register({ overdueScan: false, ...options, config })],
  }).compile();
  const app = await createTestingApp(moduleRef, { bodyLimits: { [IMPORT_PATH]: '20mb' } });
  if (options.consume !== false) await startEventConsumer(app);
  return {
    app,
    dataSource: app.get(DataSource),
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}

export function tokenFor(config: WorkOrdersConfig) {
  return (tenantId: string, roles: Role[], subject = 'user-1'): Promise<string> => {
    if (config.auth.mode !== 'dev') throw new Error('tests run in dev auth mode');
    return signDevelopmentToken(config.auth, { subject, tenantId, roles });
  };
}

/** The people a suite signs in as, by name: their roles and token subject. */
export type SuitePeople = Record<string, [roles: Role[], subject: string]>;

/** A suite's running service over HTTP, one tenant and a token per person. */
export interface HttpSuite {
  readonly tenant: string;
  /** Set once the suite's beforeAll ran. */
  readonly config: WorkOrdersConfig;
  readonly service: WorkOrdersTestApp;
  http(): ReturnType<typeof request>;
  /** The Authorization header of one of the suite's people. */
  as(who: string): { Authorization: string };
}

/**
 * The set-up the API suites share, registered as their first beforeAll/afterAll: a database of
 * their own (`label`), the service over HTTP only (no consumer, no relay: tests read events from
 * the outbox), and a token per person, all in one fresh tenant.
 */
export function useHttpSuite(label: string, people: SuitePeople): HttpSuite {
  const tenant = randomUUID();
  const tokens: Record<string, string> = {};
  let config: WorkOrdersConfig | undefined;
  let service: WorkOrdersTestApp | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the suite has not started: use it inside tests or a later beforeAll');
    return value;
  };
  beforeAll(async () => {
    config = await prepareTestConfig(label);
    service = await startWorkOrders(config, { topics: testTopics(label), consume: false, messaging: { relay: { enabled: false } } });
    const token = tokenFor(config);
    for (const [name, [roles, subject]] of Object.entries(people)) tokens[name] = await token(tenant, roles, subject);
  });
  afterAll(async () => {
    await service?.close();
  });
  return {
    tenant,
    get config() {
      return started(config);
    },
    get service() {
      return started(service);
    },
    http: () => started(service).http(),
    as: (who) => ({ Authorization: `Bearer ${tokens[who]}` }),
  };
}

/** The fields a validation problem names, each once, in the order it names them. */
export function problemFields(response: { body: { errors?: Array<{ field: string }> } }): string[] {
  return [...new Set((response.body.errors ?? []).map((error) => error.field))];
}

/** Reads as the database owner (bypasses RLS): what really is in the database. */
export async function ownerQuery<T = Record<string, unknown>>(config: WorkOrdersConfig, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: config.database.ownerUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Events still in the outbox (tests that run without a relay), decoded. */
export async function outboxEvents<D extends DescMessage>(
  config: WorkOrdersConfig,
  schema: D,
  subject?: string,
): Promise<Array<MessageShape<D>>> {
  const rows = await ownerQuery<{ payload: Buffer }>(
    config,
    `select payload from mate_outbox where event_type = $1 ${subject ? 'and subject = $2' : ''} order by id`,
    subject ? [schema.typeName, subject] : [schema.typeName],
  );
  return rows.map((row) => fromBinary(schema, row.payload));
}

/** Publishes an event the way another service's relay would (CloudEvents binary mode). */
export class TestPublisher {
  private readonly producer: Producer;

  constructor() {
    this.producer = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING, clientId: 'work-orders-test' }).producer();
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async publish<D extends DescMessage>(
    topic: string,
    schema: D,
    init: MessageInitShape<D>,
    envelope: { tenantId: string; subject: string; id?: string; source?: string; partition?: number },
  ): Promise<string> {
    const id = envelope.id ?? newEventId();
    await this.producer.send({
      topic,
      messages: [
        {
          key: envelope.subject,
          // Normally the key picks it; a test that needs a copy on every partition names one.
          partition: envelope.partition,
          value: Buffer.from(toBinary(schema, create(schema, init))),
          headers: toKafkaHeaders({
            id,
            source: envelope.source ?? '/mate/test',
            type: schema.typeName,
            time: new Date().toISOString(),
            subject: envelope.subject,
            tenantId: envelope.tenantId,
          }),
        },
      ],
    });
    return id;
  }
}
