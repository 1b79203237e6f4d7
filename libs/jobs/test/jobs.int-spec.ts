import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { prepareDatabase } from '@mate/service-kit';
import { expectEventually, recreateDatabase } from '@mate/testing';
import type { INestApplication, Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AggregationTemporality, MeterProvider, MetricReader, type DataPoint } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { JobQueue, JobsModule } from '../src';
import {
  DELAYED_JOB,
  FLAKY_JOB,
  MISSING_QUEUE_JOB,
  MissingQueueHandler,
  PARALLEL_HANDLERS,
  PARALLEL_JOB,
  parallelJobSignals,
  PROBE_JOB,
  REPLICA,
  SHARED_JOB,
  SLOW_JOB,
  slowJobSignals,
  TENANT_NOTE_JOB,
  TEST_HANDLERS,
  TEST_MIGRATIONS,
  QUIET_HANDLERS,
  WAKE_JOB,
} from './support/test-jobs';

const APP_ROLE = 'mate_app';

/** Collects the metrics of the global MeterProvider on demand. */
class TestMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}

  async sum(name: string, queue: string): Promise<number> {
    const { resourceMetrics } = await this.collect();
    const points = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .filter((metric) => metric.descriptor.name === name)
      .flatMap((metric) => metric.dataPoints as Array<DataPoint<number>>);
    return points.filter((point) => point.attributes.queue === queue).reduce((total, point) => total + point.value, 0);
  }
}

interface JobRun {
  queue: string;
  job_id: string;
  replica: string;
  attempt: number;
  tenant_setting: string | null;
  visible_tenants: string[] | null;
  ran_at: Date;
}

describe('@mate/jobs on pg-boss (real PostgreSQL)', () => {
  const spans = new InMemorySpanExporter();
  const metricReader = new TestMetricReader();
  let owner: Client;
  let appUrl: string;
  const replicas = new Map<string, INestApplication>();

  async function startReplica(
    name: string,
    handlers: Provider[] = TEST_HANDLERS,
    { serviceName = 'jobs-test', pollingIntervalSeconds = 0.5 } = {},
  ): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: appUrl, entities: [], extra: { max: 4 } }),
        JobsModule.forRoot({
          serviceName,
          databaseUrl: appUrl,
          pollingIntervalSeconds,
          shutdownTimeoutMs: 10_000,
          queueDepthRefreshMs: 300,
        }),
      ],
      providers: [{ provide: REPLICA, useValue: name }, ...handlers],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init().catch(async (error: unknown) => {
      await app.close().catch(() => undefined);
      throw error;
    });
    replicas.set(name, app);
    return app;
  }

  const runs = async (queue: string): Promise<JobRun[]> =>
    (await owner.query<JobRun>(`select * from job_runs where queue = $1 order by ran_at`, [queue])).rows;
  const jobStates = async (queue: string): Promise<string[]> =>
    (await owner.query<{ state: string }>(`select state from pgboss.job where name = $1 order by created_on`, [queue])).rows.map((r) => r.state);
  const queue = (): JobQueue => replicas.get('a')!.get(JobQueue);

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [metricReader] }));

    const databaseName = 'mate_jobs_test';
    const ownerUrl = await recreateDatabase(databaseName);
    const app = new URL(ownerUrl);
    app.username = APP_ROLE;
    appUrl = app.toString();
    await prepareDatabase({ serviceName: 'jobs-test', database: { databaseName, ownerUrl, appUrl, appRole: APP_ROLE } }, TEST_MIGRATIONS);
    owner = new Client({ connectionString: ownerUrl });
    await owner.connect();
    await startReplica('a');
    await startReplica('b');
  });

  afterAll(async () => {
    for (const app of replicas.values()) await app.close();
    await owner?.end();
  });

  it('creates the queue schema in the migration run, owned by the owner, and lets the application role only use it', async () => {
    const { rows } = await owner.query<{ owner: string; app_can_write: boolean; app_can_create: boolean }>(
      `select pg_get_userbyid(nspowner) as owner,
              has_table_privilege($1, 'pgboss.job', 'insert, update, delete') as app_can_write,
              has_schema_privilege($1, 'pgboss', 'create') as app_can_create
         from pg_namespace where nspname = 'pgboss'`,
      [APP_ROLE],
    );
    expect(rows).toEqual([{ owner: 'postgres', app_can_write: true, app_can_create: false }]);
    // No table of the queue belongs to the application role (it could otherwise alter or drop them).
    const owned = await owner.query(`select tablename from pg_tables where schemaname = 'pgboss' and tableowner = $1`, [APP_ROLE]);
    expect(owned.rows).toEqual([]);
  });

  it('refuses to start a worker, or send a job, for a queue no migration created', async () => {
    await expect(startReplica('missing', [MissingQueueHandler])).rejects.toThrow(
      'job queue test-missing does not exist: create it in a migration with createJobQueues()',
    );
    await expect(queue().send(MISSING_QUEUE_JOB, { payload: { label: 'lost' } })).rejects.toThrow('job queue test-missing does not exist');
  });

  it('retries a failing job with growing delays, then marks it failed', async () => {
    const jobId = await queue().send(FLAKY_JOB, { payload: { label: 'flaky' } });
    expect(jobId).toEqual(expect.any(String));
    await expectEventually(async () => expect(await jobStates(FLAKY_JOB.queue)).toEqual(['failed']), { timeoutMs: 20_000 });
    const attempts = await runs(FLAKY_JOB.queue);
    expect(attempts.map((run) => run.attempt)).toEqual([1, 2, 3]);
    expect(attempts.every((run) => run.job_id === jobId)).toBe(true);
    const [first, second, third] = attempts.map((run) => run.ran_at.getTime());
    // Backoff: 1-2 s before the first retry, 2-4 s before the second (plus up to one poll).
    expect(second - first).toBeGreaterThanOrEqual(900);
    expect(third - second).toBeGreaterThanOrEqual(1_900);
    expect(await metricReader.sum('mate_jobs_retried', FLAKY_JOB.queue)).toBe(2);
    expect(await metricReader.sum('mate_jobs_failed', FLAKY_JOB.queue)).toBe(1);
    expect(await metricReader.sum('mate_jobs_completed', FLAKY_JOB.queue)).toBe(0);
  });

  it('runs a delayed job no earlier than asked', async () => {
    const jobId = await queue().send(DELAYED_JOB, { payload: { label: 'later' }, startAfter: 3 });
    await sleep(1_500);
    expect(await runs(DELAYED_JOB.queue)).toEqual([]);
    await expectEventually(async () => expect(await runs(DELAYED_JOB.queue)).toHaveLength(1), { timeoutMs: 10_000 });
    const { rows } = await owner.query<{ created_on: Date; start_after: Date }>(
      `select created_on, start_after from pgboss.job where id = $1`,
      [jobId],
    );
    expect(rows[0].start_after.getTime() - rows[0].created_on.getTime()).toBeGreaterThanOrEqual(2_900);
    expect((await runs(DELAYED_JOB.queue))[0].ran_at.getTime()).toBeGreaterThanOrEqual(rows[0].start_after.getTime());
    expect(await metricReader.sum('mate_jobs_completed', DELAYED_JOB.queue)).toBe(1);
  });

  it('keeps one waiting job per singleton key and tenant', async () => {
    const [tenantA, tenantB] = [randomUUID(), randomUUID()];
    const probe = (tenantId: string) => queue().send(PROBE_JOB, { tenantId, payload: { connectionId: 'c-1' }, singletonKey: 'c-1', startAfter: 2 });
    const sent = [await probe(tenantA), await probe(tenantA), await probe(tenantA), await probe(tenantB)];
    expect(sent.map((id) => id !== null)).toEqual([true, false, false, true]);
    // Counted once every job of the queue is done: nothing is left that could run again.
    await expectEventually(async () => expect(await jobStates(PROBE_JOB.queue)).toEqual(['completed', 'completed']), { timeoutMs: 15_000 });
    expect((await runs(PROBE_JOB.queue)).map((run) => run.tenant_setting).sort()).toEqual([tenantA, tenantB].sort());
  });

  it('shares jobs between two replicas without running any twice', async () => {
    const count = 40;
    for (let index = 0; index < count; index += 1) await queue().send(SHARED_JOB, { payload: { index } });
    await expectEventually(
      async () => expect(await jobStates(SHARED_JOB.queue)).toEqual(Array.from({ length: count }, () => 'completed')),
      { timeoutMs: 30_000 },
    );
    const done = await runs(SHARED_JOB.queue);
    expect(done).toHaveLength(count);
    expect(new Set(done.map((run) => run.job_id)).size).toBe(count);
    expect(new Set(done.map((run) => run.replica))).toEqual(new Set(['a', 'b']));
  });

  it("runs a tenant job in its tenant's transaction, where row-level security applies", async () => {
    const [tenantA, tenantB] = [randomUUID(), randomUUID()];
    await owner.query(`insert into tenant_notes (tenant_id, note) values ($1, 'seeded'), ($2, 'seeded')`, [tenantA, tenantB]);
    const span = trace.getTracer('test').startSpan('request');
    const jobId = await context.with(trace.setSpan(context.active(), span), () =>
      queue().send(TENANT_NOTE_JOB, { tenantId: tenantA, payload: { note: 'from the job' } }),
    );
    span.end();
    await expectEventually(async () => expect(await runs(TENANT_NOTE_JOB.queue)).toHaveLength(1));
    const [run] = await runs(TENANT_NOTE_JOB.queue);
    expect(run).toMatchObject({ job_id: jobId, tenant_setting: tenantA, visible_tenants: [tenantA] });
    const notes = await owner.query(`select note from tenant_notes where tenant_id = $1 order by note`, [tenantA]);
    expect(notes.rows.map((row) => row.note)).toEqual(['from the job', 'seeded']);

    // One span per job, in the trace of the request that sent it (through the send span).
    const finished = spans.getFinishedSpans();
    const sendSpan = finished.find((s) => s.name === `send ${TENANT_NOTE_JOB.queue}`);
    const processSpan = finished.find((s) => s.name === `process ${TENANT_NOTE_JOB.queue}`);
    expect(sendSpan?.spanContext().traceId).toBe(span.spanContext().traceId);
    expect(processSpan?.spanContext().traceId).toBe(span.spanContext().traceId);
    expect(processSpan?.parentSpanContext?.spanId).toBe(sendSpan?.spanContext().spanId);
    expect(processSpan?.attributes['messaging.message.id']).toBe(jobId);
  });

  it('sends several jobs in one statement on the caller’s transaction: none when it rolls back, each with its tenant and options when it commits', async () => {
    const dataSource = replicas.get('a')!.get(DataSource);
    const [tenantA, tenantB] = [randomUUID(), randomUUID()];
    await dataSource
      .transaction(async (manager) => {
        await queue().sendMany(TENANT_NOTE_JOB, [{ tenantId: tenantA, payload: { note: 'rolled back' } }], manager);
        throw new Error('the caller fails');
      })
      .catch(() => undefined);
    const ids = await dataSource.transaction((manager) =>
      queue().sendMany(
        TENANT_NOTE_JOB,
        [
          { tenantId: tenantA, payload: { note: 'batch a' } },
          { tenantId: tenantB, payload: { note: 'batch b' }, priority: 10 },
        ],
        manager,
      ),
    );
    await expectEventually(async () => expect((await runs(TENANT_NOTE_JOB.queue)).filter((run) => ids.includes(run.job_id))).toHaveLength(2));
    const ran = (await runs(TENANT_NOTE_JOB.queue)).filter((run) => ids.includes(run.job_id));
    expect(ran.map((run) => [run.job_id, run.tenant_setting, run.visible_tenants])).toEqual(
      expect.arrayContaining([
        [ids[0], tenantA, [tenantA]],
        [ids[1], tenantB, [tenantB]],
      ]),
    );
    // The rolled-back job never existed, so it never runs.
    const rolledBack = await owner.query(`select count(*)::int as n from pgboss.job where name = $1 and data->'payload'->>'note' = 'rolled back'`, [TENANT_NOTE_JOB.queue]);
    expect(rolledBack.rows[0].n).toBe(0);
    const notes = await owner.query(`select note from tenant_notes where tenant_id in ($1, $2) order by note`, [tenantA, tenantB]);
    expect(notes.rows.map((row) => row.note)).toEqual(['batch a', 'batch b']);
    const stored = await owner.query(`select priority, retry_limit from pgboss.job where id = any($1::uuid[]) order by priority`, [ids]);
    expect(stored.rows).toEqual([
      { priority: 0, retry_limit: TENANT_NOTE_JOB.retry.limit },
      { priority: 10, retry_limit: TENANT_NOTE_JOB.retry.limit },
    ]);
  });

  it('wakes an idle worker when a job commits, long before its next poll, and runs the higher priority first', async () => {
    // Its worker polls once an hour: after its first (empty) fetch, only a wake-up makes it fetch again.
    const quiet = await startReplica('quiet', QUIET_HANDLERS, { serviceName: 'jobs-quiet', pollingIntervalSeconds: 3600 });
    const quietFetchesRunning = async (): Promise<number> =>
      Number(
        (await owner.query<{ n: string }>(`select count(*) as n from pg_stat_activity where application_name = 'jobs-quiet-jobs' and state = 'active'`)).rows[0].n,
      );
    // Marker: a first job ran and the worker's fetch after it is over, so the worker is asleep.
    const primer = await queue().send(WAKE_JOB, { payload: { label: 'primer' } });
    await expectEventually(async () => expect((await runs(WAKE_JOB.queue)).map((run) => run.job_id)).toEqual([primer]));
    await expectEventually(async () => expect(await jobStates(WAKE_JOB.queue)).toEqual(['completed']));
    await expectEventually(async () => expect(await quietFetchesRunning()).toBe(0));

    // Both jobs in one transaction (one NOTIFY, at its commit); the later one has the higher priority.
    const dataSource = replicas.get('a')!.get(DataSource);
    const [email, webhook] = await dataSource.transaction(async (manager) => [
      await queue().send(WAKE_JOB, { payload: { label: 'email' }, inTransaction: manager }),
      await queue().send(WAKE_JOB, { payload: { label: 'webhook' }, priority: 10, inTransaction: manager }),
    ]);
    await expectEventually(async () => expect((await runs(WAKE_JOB.queue)).map((run) => run.job_id)).toEqual([primer, webhook, email]), {
      timeoutMs: 15_000,
    });
    expect((await runs(WAKE_JOB.queue)).every((run) => run.replica === 'quiet')).toBe(true);
    replicas.delete('quiet');
    await quiet.close();
  });

  it('a commit of several jobs wakes as many sleeping workers as it needs, each woken by the one before', async () => {
    const parallel = await startReplica('parallel', PARALLEL_HANDLERS, { serviceName: 'jobs-parallel', pollingIntervalSeconds: 3600 });
    // Its three workers made their first (empty) fetch and sleep for an hour: only wake-ups make them fetch.
    await expectEventually(async () =>
      expect(Number((await owner.query<{ n: string }>(`select count(*) as n from pg_stat_activity where application_name = 'jobs-parallel-jobs' and state = 'active'`)).rows[0].n)).toBe(0),
    );
    const dataSource = replicas.get('a')!.get(DataSource);
    const ids = await dataSource.transaction((manager) => queue().sendMany(PARALLEL_JOB, ['one', 'two', 'three'].map((label) => ({ payload: { label } })), manager));
    await expectEventually(async () => expect((await runs(PARALLEL_JOB.queue)).map((run) => run.job_id).sort()).toEqual([...ids].sort()), { timeoutMs: 15_000 });
    // Each waited for the others: one NOTIFY woke one worker, which woke the next, and so on.
    expect(parallelJobSignals.mostAtOnce).toBe(3);
    replicas.delete('parallel');
    await parallel.close();
  });

  it('reports the waiting jobs of each queue as the queue depth', async () => {
    await queue().send(DELAYED_JOB, { payload: { label: 'waits' }, startAfter: 3600 });
    await expectEventually(async () => expect(await gaugeValue('mate_job_queue_depth', DELAYED_JOB.queue)).toBe(1));
  });

  it('on shutdown stops fetching and lets the running job finish', async () => {
    const started = new Promise<string>((resolve) => slowJobSignals.started.push(resolve));
    const jobId = await queue().send(SLOW_JOB, { payload: { label: 'slow-1' } });
    const runningOn = await started;
    const replica = replicas.get(runningOn)!;
    replicas.delete(runningOn);
    await replica.close();
    // close() returned only after the handler finished, and the job counts as done, not failed.
    expect(slowJobSignals.finished).toEqual(['slow-1']);
    expect(await jobStates(SLOW_JOB.queue)).toEqual(['completed']);
    expect((await runs(SLOW_JOB.queue)).map((run) => run.job_id)).toEqual([jobId]);

    // The closed replica fetches nothing more: the next job runs on the one still up.
    const remaining = [...replicas.keys()][0];
    const next = await replicas.get(remaining)!.get(JobQueue).send(SLOW_JOB, { payload: { label: 'slow-2' } });
    await expectEventually(async () => expect((await runs(SLOW_JOB.queue)).map((run) => run.job_id)).toContain(next), { timeoutMs: 15_000 });
    expect((await runs(SLOW_JOB.queue)).find((run) => run.job_id === next)?.replica).toBe(remaining);
  });

  async function gaugeValue(name: string, queueName: string): Promise<number | undefined> {
    const { resourceMetrics } = await metricReader.collect();
    const point = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .filter((metric) => metric.descriptor.name === name)
      .flatMap((metric) => metric.dataPoints as Array<DataPoint<number>>)
      .find((p) => p.attributes.queue === queueName);
    return point?.value;
  }
});
