import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { WorkOrderCreatedSchema, WorkOrderPriority, WorkOrderSource, WorkOrderStatus, WorkOrderType } from '@mate/contracts';
import { newEventId } from '@mate/messaging';
import { configureApp, signDevelopmentToken, type Role } from '@mate/service-kit';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import autocannon from 'autocannon';
import { Client, Pool } from 'pg';
import { WorkOrdersAppModule } from '../../../services/work-orders/src/app.module';
import { SERVICE_NAME, WORK_ORDERS_CONFIG_SPEC, type WorkOrdersConfig } from '../../../services/work-orders/src/config/work-orders.config';
import { WORK_ORDERS_MIGRATIONS } from '../../../services/work-orders/src/database/migrations';
import { runInterleaved } from '../harness/interleave';
import { resetTables } from '../harness/reset';
import { benchServiceConfig } from '../harness/service-database';
import { startResourceMeter, type ResourceUsage } from '../harness/resources';
import { figure, median, percentile } from '../harness/stats';
import type { Benchmark, BenchContext } from '../harness/types';

/**
 * The work-orders service as it runs in production (same module, chassis, validation, JWT,
 * tenant transaction with RLS, numbering, history, outbox), started in this process on an
 * ephemeral port against a throwaway database. The outbox relay and the consumer are off: B3 and
 * B4 measure the HTTP path, and the baseline writes the same rows without publishing them.
 */
export interface WorkOrdersUnderTest {
  app: INestApplication;
  url: string;
  config: WorkOrdersConfig;
  token(roles: Role[], subject?: string): Promise<string>;
  tenantId: string;
  /** Owner connection (bypasses RLS). */
  owner: Client;
  close(): Promise<void>;
}

export async function startWorkOrdersUnderTest(ctx: BenchContext, databaseName: string): Promise<WorkOrdersUnderTest> {
  const config: WorkOrdersConfig = await benchServiceConfig(ctx, { name: SERVICE_NAME, spec: WORK_ORDERS_CONFIG_SPEC, migrations: WORK_ORDERS_MIGRATIONS }, databaseName);
  const ownerUrl = config.database.ownerUrl;
  // Request logs are serialized as in production (level info) but written nowhere.
  const app = await NestFactory.create(
    WorkOrdersAppModule.register({
      config,
      overdueScan: false,
      logDestination: { write: () => true },
      topics: { own: `bench.wo.${randomUUID().slice(0, 8)}` },
      messaging: { relay: { enabled: false } },
    }),
    { bufferLogs: true, bodyParser: false, logger: false },
  );
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  const tenantId = randomUUID();
  const auth = config.auth;
  if (auth.mode !== 'dev') throw new Error('the benchmark runs in dev auth mode');
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    config,
    tenantId,
    owner,
    token: (roles, subject = 'bench-planner') => signDevelopmentToken(auth, { subject, tenantId, roles, expiresIn: '2h' }),
    close: async () => {
      await owner.end();
      await app.close();
    },
  };
}

export interface LoadSample {
  requestsPerSecond: number;
  p99Ms: number;
  p50Ms: number;
  requests: number;
  errors: number;
  resources: ResourceUsage;
}

/** autocannon against the service: one worker thread, so the load generator has its own core. */
export async function httpLoad(options: autocannon.Options): Promise<LoadSample> {
  const meter = startResourceMeter();
  const result = await autocannon({ ...options, workers: 1 });
  const resources = meter.stop();
  const errors = result.errors + result.timeouts + result.non2xx;
  return {
    requestsPerSecond: result.requests.total / (result.duration || 1),
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    requests: result.requests.total,
    errors,
    resources,
  };
}

/** A pg pool of the application role whose sessions start in the service's tenant (RLS applies). */
export function tenantPool(service: WorkOrdersUnderTest, max: number): Pool {
  return new Pool({ connectionString: service.config.database.appUrl, max, options: `-c app.tenant_id=${service.tenantId}` });
}

/** `concurrency` loops doing `work` back to back for `durationMs` over a pg pool; per-call latency. */
export async function poolLoad(pool: Pool, concurrency: number, durationMs: number, work: (i: number) => Promise<void>): Promise<LoadSample> {
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const meter = startResourceMeter();
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await work(counter++);
          latencies.push(performance.now() - t0);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    requestsPerSecond: latencies.length / elapsed,
    p99Ms: percentile(latencies, 99),
    p50Ms: percentile(latencies, 50),
    requests: latencies.length,
    errors,
    resources: meter.stop(),
  };
}

const CONNECTIONS = 50;
/** TypeORM's (node-postgres') default pool size, which the service runs with. */
const POOL_SIZE = 10;

const CREATE_BODY = JSON.stringify({
  title: 'Replace the mechanical seal of pump P-101',
  description: 'Seal leaking at the drive end; isolate and replace.',
  type: 'corrective',
  priority: 'high',
  assigneeIds: ['tech-1'],
  dueAt: '2027-01-15T12:00:00.000Z',
  estimatedDurationMinutes: 120,
});

/** The two rows a creation needs, written by hand: the work order and its WorkOrderCreated outbox row. */
async function rawCreate(pool: Pool, tenantId: string, sequence: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const id = randomUUID();
    const number = `WO-${String(sequence).padStart(6, '0')}`;
    const now = new Date();
    await client.query(
      `insert into work_orders (id, tenant_id, number_seq, number, title, description, type, priority, priority_rank, status,
         assignee_ids, due_at, estimated_duration_minutes, source, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, 'corrective', 'high', 3, 'open', $7, $8, 120, 'manual', 'bench', $9, $9)`,
      [id, tenantId, sequence, number, 'Replace the mechanical seal of pump P-101', 'Seal leaking at the drive end; isolate and replace.', ['tech-1'], '2027-01-15T12:00:00.000Z', now],
    );
    const payload = toBinary(
      WorkOrderCreatedSchema,
      create(WorkOrderCreatedSchema, {
        workOrder: {
          workOrderId: id,
          number,
          title: 'Replace the mechanical seal of pump P-101',
          type: WorkOrderType.CORRECTIVE,
          priority: WorkOrderPriority.HIGH,
          status: WorkOrderStatus.OPEN,
          assigneeIds: ['tech-1'],
          source: WorkOrderSource.MANUAL,
          version: 1n,
          createdAt: timestampFromDate(now),
        },
        createdBy: 'bench',
      }),
    );
    await client.query(
      `insert into mate_outbox (event_id, topic, message_key, event_type, source, subject, tenant_id, event_time, payload)
       values ($1, 'mate.work-orders.v1', $2, $3, '/mate/work-orders', $2, $4, $5, $6)`,
      [newEventId(), id, WorkOrderCreatedSchema.typeName, tenantId, now.toISOString(), Buffer.from(payload)],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

/** Empties what a repetition wrote, safely against requests of the last one still finishing. */
function resetWorkOrders(service: WorkOrdersUnderTest): Promise<void> {
  return resetTables(service.config.database.ownerUrl, {
    truncate: ['work_orders', 'work_order_history', 'work_order_counters', 'checklist_items', 'mate_outbox'],
    cascade: true,
    analyze: ['work_orders'],
  });
}

function describe(sample: LoadSample): string {
  return `${Math.round(sample.requestsPerSecond)} req/s, p99 ${sample.p99Ms.toFixed(1)} ms${sample.errors ? `, ${sample.errors} errors` : ''}`;
}

export const b3WorkOrderCreate: Benchmark = {
  id: 'B3',
  title: 'Work-order create over HTTP vs the same two rows with raw pg',
  goal: {
    description:
      'POST /api/v1/work-orders (JWT, validation, RLS tenant transaction, gap-free number, history, outbox) with autocannon at 50 connections reaches at least half the rate of inserting the same work-order and outbox rows with raw pg, one transaction per request, at the same concurrency.',
    ratioAtLeast: 0.5,
  },
  async run(ctx, { smoke, reps }) {
    const durationS = smoke ? 2 : 10;
    const warmup = smoke ? 0 : 1;
    const repetitions = reps ?? (smoke ? 1 : 5);
    const service = await startWorkOrdersUnderTest(ctx, 'mate_bench_b3');
    // The baseline runs as the application role too, its sessions set to the tenant (RLS applies).
    const pool = tenantPool(service, POOL_SIZE);
    try {
      const token = await service.token(['planner']);
      let baselineSequence = 0;
      const samples = await runInterleaved<LoadSample>({
        warmup,
        reps: repetitions,
        baseline: async () => {
          await resetWorkOrders(service);
          return poolLoad(pool, CONNECTIONS, durationS * 1000, () => rawCreate(pool, service.tenantId, ++baselineSequence));
        },
        subject: async () => {
          await resetWorkOrders(service);
          return httpLoad({
            url: `${service.url}/api/v1/work-orders`,
            method: 'POST',
            connections: CONNECTIONS,
            duration: durationS,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: CREATE_BODY,
          });
        },
        log: ctx.log,
        onRetry: ctx.noteRetry,
        describe,
      });
      const numbers = await service.owner.query<{ n: string; max: string | null }>('select count(*) as n, max(number_seq) as max from work_orders');
      const gapFree = numbers.rows[0].n === (numbers.rows[0].max ?? '0');
      const subject = samples.subject;
      return {
        figures: [
          figure('throughput', 'req/s', true, subject.map((s) => s.requestsPerSecond), samples.baseline.map((s) => s.requestsPerSecond)),
          figure('p99 latency', 'ms', false, subject.map((s) => s.p99Ms), samples.baseline.map((s) => s.p99Ms)),
          figure('p50 latency', 'ms', false, subject.map((s) => s.p50Ms), samples.baseline.map((s) => s.p50Ms)),
        ],
        parameters: {
          connections: CONNECTIONS,
          'seconds per repetition': durationS,
          'database pool size (both)': POOL_SIZE,
          tenants: 1,
          'warm-up pairs': warmup,
          repetitions,
        },
        notes: [
          `Every subject request is the production path: JWT check, DTO validation, a tenant transaction (set_config, RLS), the tenant's counter row (gap-free numbers), the work order, its history row and a WorkOrderCreated outbox row with NOTIFY. ` +
            `Errors: subject ${subject.reduce((sum, s) => sum + s.errors, 0)}, baseline ${samples.baseline.reduce((sum, s) => sum + s.errors, 0)}. ` +
            `Numbers of the last subject repetition gap-free: ${gapFree}.`,
          `Resources (medians): subject process ${median(subject.map((s) => s.resources.processCores)).toFixed(2)} cores, event-loop utilization ` +
            `${median(subject.map((s) => s.resources.eventLoopUtilization)).toFixed(2)}, machine CPU ${Math.round(100 * median(subject.map((s) => s.resources.machineCpu ?? 0)))} %; ` +
            `baseline process ${median(samples.baseline.map((s) => s.resources.processCores)).toFixed(2)} cores, machine CPU ${Math.round(100 * median(samples.baseline.map((s) => s.resources.machineCpu ?? 0)))} %.`,
        ],
      };
    } finally {
      await pool.end();
      await service.close();
    }
  },
};
