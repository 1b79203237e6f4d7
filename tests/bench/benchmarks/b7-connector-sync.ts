import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { uniqueName } from '@mate/testing';
import { startConnectorsTestApp, type ConnectorsTestApp } from '../../../services/connectors/test/connectors-test-app';
import { startSimulatorProcess, type SimulatorProcess } from '../fixtures/simulator-process';
import { PAGE_SIZES } from '../../../services/connectors/src/sync';
import { RATE_BUDGET_SETTINGS } from '../../../services/connectors/src/rate-budgets';
import { runInterleaved } from '../harness/interleave';
import { startResourceMeter, type ResourceUsage } from '../harness/resources';
import { figure, median } from '../harness/stats';
import type { Benchmark, BenchContext, JsonValue } from '../harness/types';

/**
 * B7: sync of 100,000 Maximo work orders into the connectors' store. Subject: `POST /syncs` (full)
 * on the connectors service as it runs in production (the sync job on the queue, the adapter's
 * paging through the upstream gateway, one transaction per page: the raw records upserted, their
 * unified RecordUpserted events appended to the outbox, the checkpoint), timed until the run is
 * `succeeded`. Baseline: the same pages read from the same simulator with plain `fetch` and
 * `JSON.parse`, nothing stored. Both in this process; the simulator in its own, as a customer's
 * system is (in one process, its page rendering would share the event loop with both).
 */

const SEED_CHUNK = 300;
/**
 * The simulator runs with its rate limit off, so the connection's read budget is raised to the most
 * a setting allows: every page still spends it (one consume in PostgreSQL), but the sync is not held
 * to Maximo's conservative default of 10 calls a second (2,000 records/s at 200 a page), which would
 * measure the budget instead of the sync path.
 */
const UNTHROTTLED_READS_PER_SECOND = 1_000;
const SETTLE_TIMEOUT_MS = 600_000;

interface Sample {
  recordsPerSecond: number;
  seconds: number;
  pages: number;
  resources: ResourceUsage;
}

interface Stack {
  sim: SimulatorProcess;
  service: ConnectorsTestApp;
  admin: string;
  connectionId: string;
  apikey: string;
  records: number;
}

async function seed(sim: SimulatorProcess, records: number): Promise<void> {
  const existing = (await sim.admin.records('mxwo')).length;
  for (let done = existing; done < records; done += SEED_CHUNK) {
    const chunk = Array.from({ length: Math.min(SEED_CHUNK, records - done) }, (_, index) => ({
      wonum: `B7-${done + index}`,
      description: `Benchmark work order ${done + index}`,
      status: 'APPR',
      siteid: 'BEDFORD',
      assetnum: '11430',
      location: 'BR430',
      wopriority: (done + index) % 4,
      worktype: 'PM',
    }));
    await sim.admin.seed('mxwo', chunk);
  }
}

async function startStack(ctx: BenchContext, records: number): Promise<Stack> {
  const sim = await startSimulatorProcess('maximo');
  await seed(sim, records);
  const topic = uniqueName('mate.bench-b7-connectors');
  const service = await startConnectorsTestApp('mate_bench_b7_connectors', { CONNECTORS_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}`, LOG_LEVEL: 'error' }, { fresh: true, topic });
  const tenant = '7b7b7b7b-0000-4000-8000-000000000007';
  const admin = `Bearer ${await service.token(tenant, ['admin'])}`;
  await service.http().put('/api/v1/connectors/allow-list').set('Authorization', admin).send({ entries: ['127.0.0.1'] }).expect(200);
  const apikey = (await sim.admin.credential('apikey')).secrets.apikey ?? '';
  const created = await service.http().post('/api/v1/connections').set('Authorization', admin).send({ system: 'maximo', authKind: 'api_key', displayName: 'B7', baseUrl: sim.url, credentials: { apiKey: apikey }, settings: { [RATE_BUDGET_SETTINGS.reads]: String(UNTHROTTLED_READS_PER_SECOND) } }).expect(201);
  ctx.log(`B7: ${records} work orders seeded, connection ${created.body.connection.id as string}`);
  return { sim, service, admin, connectionId: created.body.connection.id as string, apikey, records };
}

/** The same pages as the adapter asks for, read and parsed, nothing else. */
async function measureBaseline(stack: Stack): Promise<Sample> {
  const meter = startResourceMeter();
  const started = performance.now();
  let pages = 0;
  let records = 0;
  for (let pageno = 1; ; pageno += 1) {
    const url = `${stack.sim.url}/maximo/oslc/os/mxwo?lean=1&oslc.select=*&oslc.pageSize=${PAGE_SIZES.maximo}&pageno=${pageno}`;
    const reply = await fetch(url, { headers: { apikey: stack.apikey } });
    const body = JSON.parse(await reply.text()) as { member: unknown[]; responseInfo: { nextPage?: unknown } };
    pages += 1;
    records += body.member.length;
    if (!body.responseInfo.nextPage) break;
  }
  const seconds = (performance.now() - started) / 1000;
  if (records !== stack.records) throw new Error(`baseline read ${records} records, expected ${stack.records}`);
  return { recordsPerSecond: records / seconds, seconds, pages, resources: meter.stop() };
}

/** A full sync into an empty store: every record is new, so every one is stored with its event. */
async function measureSubject(stack: Stack): Promise<Sample> {
  // Statistics first, as autovacuum keeps them in production (it is off on our machines); TRUNCATE
  // keeps them. A never-analyzed table makes the planner look records up by the modified_at index,
  // which scans the connection's whole range for each record: see Findings.
  await stack.service.owner.query(`analyze sync_records; truncate sync_records; delete from sync_states`);
  const meter = startResourceMeter();
  const started = performance.now();
  const run = await stack.service.http().post(`/api/v1/connections/${stack.connectionId}/syncs`).set('Authorization', stack.admin).send({ entity: 'workOrder', mode: 'full' }).expect(202);
  const runId = run.body.id as string;
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const { rows } = await stack.service.owner.query(`select status, pages_done, records_done, upserted from sync_runs where id = $1`, [runId]);
    const row = rows[0] as { status: string; pages_done: number; records_done: number; upserted: number };
    if (row.status === 'succeeded') {
      const seconds = (performance.now() - started) / 1000;
      if (row.upserted !== stack.records) throw new Error(`subject stored ${row.upserted} new records, expected ${stack.records}`);
      return { recordsPerSecond: row.records_done / seconds, seconds, pages: row.pages_done, resources: meter.stop() };
    }
    if (row.status !== 'running' && row.status !== 'queued') throw new Error(`sync run ended ${row.status}`);
    if (Date.now() > deadline) throw new Error('sync run did not finish in time');
    await sleep(50);
  }
}

async function outboxWritten(stack: Stack): Promise<number> {
  const { rows } = await stack.service.owner.query(`select count(*)::int as backlog from mate_outbox`);
  return (rows[0] as { backlog: number }).backlog;
}

export const b7ConnectorSync: Benchmark = {
  id: 'B7',
  title: 'Sync of 100,000 Maximo work orders into the store (records + outbox events) vs raw paging of the same simulator',
  goal: { description: 'Sync throughput (records stored with their RecordUpserted events, per second) is at least half of raw paging of the same simulator.', ratioAtLeast: 0.5 },
  async run(ctx, { smoke, reps }) {
    const records = smoke ? 1_000 : 100_000;
    const repetitions = reps ?? (smoke ? 1 : 3);
    const stack = await startStack(ctx, records);
    try {
      const samples = await runInterleaved<Sample>({
        warmup: smoke ? 0 : 1,
        reps: repetitions,
        baseline: () => measureBaseline(stack),
        subject: () => measureSubject(stack),
        log: ctx.log,
        onRetry: ctx.noteRetry,
        describe: (s) => `${s.recordsPerSecond.toFixed(0)} records/s (${s.seconds.toFixed(1)} s, ${s.pages} pages, cores ${s.resources.processCores.toFixed(2)}, event loop ${(s.resources.eventLoopUtilization * 100).toFixed(0)} %)`,
      });
      const { subject, baseline } = samples;
      const backlog = await outboxWritten(stack);
      return {
        figures: [
          figure('throughput', 'records/s', true, subject.map((s) => s.recordsPerSecond), baseline.map((s) => s.recordsPerSecond)),
          figure('time for all records', 's', false, subject.map((s) => s.seconds), baseline.map((s) => s.seconds)),
        ],
        parameters: { records, 'page size': PAGE_SIZES.maximo, 'warm-up pairs': smoke ? 0 : 1, repetitions },
        notes: [
          `Subject event-loop utilization (median) ${(median(subject.map((s) => s.resources.eventLoopUtilization)) * 100).toFixed(0)} %, baseline ${(median(baseline.map((s) => s.resources.eventLoopUtilization)) * 100).toFixed(0)} %; the service and the load share this process; the simulator runs in its own.`,
          `Outbox rows not yet relayed when the last repetition ended: ${backlog} (the relay publishes while the sync runs; the sync is done when its records and events are committed).`,
        ],
        details: { subject: subject as unknown as JsonValue, baseline: baseline as unknown as JsonValue, order: samples.order },
      };
    } finally {
      await stack.service.close();
      await stack.sim.close();
    }
  },
};
