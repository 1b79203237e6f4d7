import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { BackboneProbeSchema, ProbeFailure, type BackboneProbe, type TopicSpec } from '@mate/contracts';
import {
  applicationRoleUrl,
  enableTenantRowLevelSecurity,
  ensureDatabase,
  withTenantTransaction,
} from '@mate/database';
import { Controller, type INestApplication, type Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { trace } from '@opentelemetry/api';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { recreateDatabase, testKafkaBrokers } from '@mate/testing';
import {
  EventContext,
  EventOutbox,
  MessagingModule,
  MessagingRuntime,
  MessagingSchema1764300000000,
  OnEvent,
  PermanentEventError,
  startEventConsumer,
  subscribe,
  type OutboundEvent,
} from '../src';

/**
 * A minimal service for the backbone's integration tests: it publishes BackboneProbe events
 * through the outbox and consumes them with an `@OnEvent` handler whose effect is a row in
 * `probe_effects`. The effect table has no unique constraint on purpose: only the inbox can
 * prevent a duplicate effect, so duplicates would show.
 */
class ProbeEffects1764300000001 implements MigrationInterface {
  name = 'ProbeEffects1764300000001';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table probe_effects (
        id bigint generated always as identity primary key,
        tenant_id uuid not null,
        probe_id text not null,
        sequence bigint not null,
        event_id uuid not null,
        trace_id text,
        consumer text not null,
        created_at timestamptz not null default clock_timestamp()
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'probe_effects');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table probe_effects');
  }
}

/** A probe whose id starts with this is one the handler finds impossible (PermanentEventError). */
export const IMPOSSIBLE_PROBE = 'impossible-';

/** Shared, mutable test behaviour of the probe handler. */
export const probeBehaviour = {
  /** While false, PROBE_FAILURE_ALWAYS probes fail every attempt. */
  poisonFixed: false,
  failedOnce: new Set<string>(),
  attempts: new Map<string, number>(),
};

@Controller()
class ProbeConsumer {
  static consumerName = 'replica-1';

  @OnEvent(BackboneProbeSchema)
  async onProbe(@Payload() probe: BackboneProbe, @Ctx() ctx: EventContext): Promise<void> {
    const id = ctx.envelope.id;
    probeBehaviour.attempts.set(id, (probeBehaviour.attempts.get(id) ?? 0) + 1);
    if (probe.probeId.startsWith(IMPOSSIBLE_PROBE)) throw new PermanentEventError(`probe ${probe.probeId} can never succeed`);
    if (probe.failure === ProbeFailure.ALWAYS && !probeBehaviour.poisonFixed) {
      throw new Error(`probe ${probe.probeId}#${probe.sequence} is poison`);
    }
    if (probe.failure === ProbeFailure.ONCE && !probeBehaviour.failedOnce.has(id)) {
      probeBehaviour.failedOnce.add(id);
      throw new Error('transient failure');
    }
    await ctx.manager.query(
      `insert into probe_effects (tenant_id, probe_id, sequence, event_id, trace_id, consumer)
       values ($1, $2, $3, $4, $5, $6)`,
      [
        ctx.tenantId,
        probe.probeId,
        probe.sequence.toString(),
        id,
        trace.getActiveSpan()?.spanContext().traceId ?? null,
        ProbeConsumer.consumerName,
      ],
    );
  }
}

export interface ProbeDatabase {
  ownerUrl: string;
  appUrl: string;
  owner: DataSource;
}

/** A fresh database with the messaging schema and `probe_effects`, and the app role granted. */
export async function createProbeDatabase(name: string): Promise<ProbeDatabase> {
  const ownerUrl = await recreateDatabase(name);
  await ensureDatabase({ ownerUrl, applicationRole: 'mate_app' });
  const owner = new DataSource({
    type: 'postgres',
    url: ownerUrl,
    migrations: [MessagingSchema1764300000000, ProbeEffects1764300000001],
  });
  await owner.initialize();
  await owner.runMigrations();
  return { ownerUrl, appUrl: applicationRoleUrl(ownerUrl, 'mate_app'), owner };
}

export interface ProbeService {
  app: INestApplication;
  outbox: EventOutbox;
  dataSource: DataSource;
  runtime: MessagingRuntime;
  close(): Promise<void>;
}

export interface ProbeServiceOptions {
  database: ProbeDatabase;
  topic: string;
  /** Whether this instance consumes (default true). */
  consume?: boolean;
  partitions?: number;
  /** Whether this instance runs an outbox relay (default true). */
  relay?: boolean;
  /** The controller with the handlers (default ProbeConsumer, one event per call). */
  consumerController?: Type;
}

/** The test's topic: the diagnostics topic's events, on a topic of the test's own. */
function probeTopic(options: ProbeServiceOptions): TopicSpec {
  return {
    topic: options.topic,
    producer: 'platform',
    partitions: options.partitions ?? 3,
    retentionMs: 3_600_000,
    description: 'integration test topic',
    events: [BackboneProbeSchema],
  };
}

export async function startProbeService(options: ProbeServiceOptions): Promise<ProbeService> {
  const topic = probeTopic(options);
  const consumer = options.consumerController ?? ProbeConsumer;
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({ type: 'postgres', url: options.database.appUrl, synchronize: false }),
      MessagingModule.forRoot({
        serviceName: 'probe',
        brokers: testKafkaBrokers(),
        databaseUrl: options.database.appUrl,
        produces: [topic],
        consumes: options.consume === false ? [] : [subscribe(topic, { handlers: [consumer] })],
        retry: { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
        relay: { enabled: options.relay ?? true, pollIntervalMs: 500, leaderRetryMs: 300 },
      }),
    ],
    controllers: [consumer],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  await app.init();
  await startEventConsumer(app);
  return {
    app,
    outbox: app.get(EventOutbox),
    dataSource: app.get(DataSource),
    runtime: app.get(MessagingRuntime),
    close: () => app.close(),
  };
}

export function probeEvent(
  tenantId: string,
  probeId: string,
  sequence: number,
  failure: ProbeFailure = ProbeFailure.UNSPECIFIED,
  paddingBytes = 0,
): OutboundEvent {
  return {
    schema: BackboneProbeSchema,
    message: create(BackboneProbeSchema, {
      probeId,
      sequence: BigInt(sequence),
      createdAt: timestampFromDate(new Date()),
      padding: new Uint8Array(paddingBytes),
      failure,
    }),
    subject: probeId,
    tenantId,
  };
}

/** Commits `events` through the outbox in one transaction of the given tenant. */
export async function commitEvents(service: ProbeService, tenantId: string, events: OutboundEvent[]): Promise<string[]> {
  return withTenantTransaction(service.dataSource, tenantId, (manager) => service.outbox.append(manager, events));
}

export interface EffectRow {
  probe_id: string;
  sequence: string;
  event_id: string;
  trace_id: string | null;
  consumer: string;
}

/** Reads effects as the owner (superuser: bypasses RLS, sees every tenant). */
export async function effectsOf(database: ProbeDatabase, probeId: string): Promise<EffectRow[]> {
  return database.owner.query(
    'select probe_id, sequence, event_id, trace_id, consumer from probe_effects where probe_id = $1 order by id',
    [probeId],
  );
}

export { ProbeConsumer };
