import { randomUUID } from 'node:crypto';
import { create, fromBinary, toBinary, type DescMessage, type MessageInitShape, type MessageShape } from '@bufbuild/protobuf';
import { newEventId, startEventConsumer, toKafkaHeaders } from '@mate/messaging';
import { createTestingApp, loadServiceConfig, prepareDatabase, signDevelopmentToken, throwingConfigReporter, type Role } from '@mate/service-kit';
import { recreateDatabase, testDatabaseServerUrl, testKafkaBrokers } from '@mate/testing';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { Client } from 'pg';
import request from 'supertest';
import { PmSchedulingAppModule, type PmSchedulingAppOptions } from '../../src/app.module';
import { PM_SCHEDULING_CONFIG_SPEC, PM_SCHEDULING_SERVICE, type PmSchedulingConfig } from '../../src/config/pm-scheduling.config';
import { PM_SCHEDULING_MIGRATIONS } from '../../src/database/migrations';
import { OccurrenceEngine } from '../../src/occurrences';

export interface TestTopics {
  own: string;
  assets: string;
  workOrders: string;
}

/** Topics of this test file only: other runs' events never reach it. */
export function testTopics(label: string): TestTopics {
  const suffix = `${label}-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  return { own: `test.pm.${suffix}`, assets: `test.assets.${suffix}`, workOrders: `test.wo.${suffix}` };
}

/** A configuration whose database is a throwaway one (`mate_pm_scheduling_test_<label>`), freshly migrated. */
export async function prepareTestConfig(label: string): Promise<PmSchedulingConfig> {
  const databaseName = `mate_pm_scheduling_test_${label.replace(/-/g, '_')}`;
  const config = loadServiceConfig(PM_SCHEDULING_SERVICE, PM_SCHEDULING_CONFIG_SPEC, {
    env: { NODE_ENV: 'test', LOG_LEVEL: 'error', DATABASE_URL: testDatabaseServerUrl(), KAFKA_BROKERS: testKafkaBrokers().join(',') },
    reporter: throwingConfigReporter,
    databaseName,
  });
  await recreateDatabase(databaseName);
  await prepareDatabase(config, PM_SCHEDULING_MIGRATIONS);
  return config;
}

export interface PmTestApp {
  app: INestApplication;
  engine: OccurrenceEngine;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/** One replica of the service: the engine loop off (tests step it with engine.run(now)). */
export async function startPmScheduling(
  config: PmSchedulingConfig,
  options: Omit<PmSchedulingAppOptions, 'config'> & { consume?: boolean } = {},
): Promise<PmTestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [PmSchedulingAppModule.register({ engine: { enabled: false }, ...options, config })],
  }).compile();
  const app = await createTestingApp(moduleRef);
  if (options.consume !== false) await startEventConsumer(app);
  return { app, engine: app.get(OccurrenceEngine), http: () => request(app.getHttpServer()), close: () => app.close() };
}

export function tokenFor(config: PmSchedulingConfig, tenantId: string, roles: Role[], subject = 'planner-1'): Promise<string> {
  if (config.auth.mode !== 'dev') throw new Error('tests run in dev auth mode');
  return signDevelopmentToken(config.auth, { subject, tenantId, roles });
}

/** Reads as the database owner (bypasses RLS): what really is in the database. */
export async function ownerQuery<T = Record<string, unknown>>(config: PmSchedulingConfig, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: config.database.ownerUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Events in the outbox (sent or not), decoded, in the order they were appended. */
export async function outboxEvents<D extends DescMessage>(config: PmSchedulingConfig, schema: D, subject?: string): Promise<Array<MessageShape<D>>> {
  const rows = await ownerQuery<{ payload: Buffer }>(
    config,
    `select payload from mate_outbox where event_type = $1 ${subject ? 'and subject = $2' : ''} order by id`,
    subject ? [schema.typeName, subject] : [schema.typeName],
  );
  return rows.map((row) => fromBinary(schema, row.payload));
}

/** An asset in the read model, as the assets service's AssetCreated would have put it there. */
export async function knownAsset(config: PmSchedulingConfig, tenantId: string, asset: { id?: string; category?: string; locationPath?: string[] } = {}): Promise<string> {
  const id = asset.id ?? randomUUID();
  await ownerQuery(config, `insert into known_assets (tenant_id, asset_id, category, location_path_ids, status) values ($1, $2, $3, $4, 'operational')`, [
    tenantId,
    id,
    asset.category ?? '',
    asset.locationPath ?? [],
  ]);
  return id;
}

/** Publishes an event the way another service's relay would (CloudEvents binary mode). */
export class TestPublisher {
  private readonly producer: Producer = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING, clientId: 'pm-scheduling-test' }).producer();

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async publish<D extends DescMessage>(topic: string, schema: D, init: MessageInitShape<D>, envelope: { tenantId: string; subject: string; id?: string }): Promise<string> {
    const [id] = await this.publishRun(topic, schema, [{ init, id: envelope.id }], envelope);
    return id!;
  }

  /** Events of one key in one produce request: the consumer fetches them together, as a run. */
  async publishRun<D extends DescMessage>(
    topic: string,
    schema: D,
    events: ReadonlyArray<{ init: MessageInitShape<D>; id?: string }>,
    envelope: { tenantId: string; subject: string },
  ): Promise<string[]> {
    const ids = events.map((event) => event.id ?? newEventId());
    await this.producer.send({
      topic,
      messages: events.map((event, index) => ({
        key: envelope.subject,
        value: Buffer.from(toBinary(schema, create(schema, event.init))),
        headers: toKafkaHeaders({ id: ids[index]!, source: '/mate/test', type: schema.typeName, time: new Date().toISOString(), subject: envelope.subject, tenantId: envelope.tenantId }),
      })),
    });
    return ids;
  }
}
