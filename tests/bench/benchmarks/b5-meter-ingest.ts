import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { configureApp, signDevelopmentToken } from '@mate/service-kit';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createAssetsAppModule } from '../../../services/assets/src/app.module';
import { ASSETS_BODY_LIMITS, ASSETS_CONFIG_SPEC, ASSETS_SERVICE, BULK_READINGS_PATH, type AssetsConfig } from '../../../services/assets/src/config/assets.config';
import { ASSETS_MIGRATIONS } from '../../../services/assets/src/database/migrations';
import { runInterleaved } from '../harness/interleave';
import { resetTables } from '../harness/reset';
import { benchServiceConfig } from '../harness/service-database';
import { startResourceMeter, type ResourceUsage } from '../harness/resources';
import { figure, median } from '../harness/stats';
import type { Benchmark, BenchContext } from '../harness/types';

/**
 * B5: bulk meter-reading ingestion. Subject: one POST /api/v1/meters/readings/bulk of 10,000
 * readings to the assets service as it runs in production (JWT, validation of every row,
 * cumulative-meter rules, duplicate detection, one tenant transaction with RLS, the readings,
 * the meters' state and one MeterReadingRecorded outbox row per reading), timed until the response,
 * i.e. until the readings and their events are committed. Baseline: COPY of the same reading rows
 * (values, deltas and lifetime totals precomputed) in one transaction on the same server.
 */

const METERS = 10;

interface Sample {
  readingsPerSecond: number;
  seconds: number;
  resources: ResourceUsage;
}

interface Reading {
  meterId: string;
  value: string;
  readAt: string;
}

interface AssetsUnderTest {
  app: INestApplication;
  url: string;
  config: AssetsConfig;
  owner: Client;
  tenantId: string;
  token: string;
  close(): Promise<void>;
}

async function startAssetsUnderTest(ctx: BenchContext, databaseName: string): Promise<AssetsUnderTest> {
  const config: AssetsConfig = await benchServiceConfig(ctx, { name: ASSETS_SERVICE, spec: ASSETS_CONFIG_SPEC, migrations: ASSETS_MIGRATIONS }, databaseName);
  const ownerUrl = config.database.ownerUrl;
  // The relay is off: the figure ends when the events are committed to the outbox.
  const app = await NestFactory.create(
    createAssetsAppModule({ config, logDestination: { write: () => true }, messaging: { consumes: [], relay: { enabled: false } } }),
    { bufferLogs: true, bodyParser: false, logger: false },
  );
  configureApp(app, { bodyLimits: ASSETS_BODY_LIMITS });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  const tenantId = randomUUID();
  const auth = config.auth;
  if (auth.mode !== 'dev') throw new Error('the benchmark runs in dev auth mode');
  const token = await signDevelopmentToken(auth, { subject: 'bench-technician', tenantId, roles: ['planner', 'technician'], expiresIn: '2h' });
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    config,
    owner,
    tenantId,
    token,
    close: async () => {
      await owner.end();
      await app.close();
    },
  };
}

async function post(service: AssetsUnderTest, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${service.token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A site, an asset and METERS cumulative meters, through the API. */
async function seed(service: AssetsUnderTest): Promise<{ assetId: string; meterIds: string[] }> {
  const location = await post(service, '/api/v1/locations', { name: 'Bench site' });
  const asset = await post(service, '/api/v1/assets', { tag: 'BENCH-1', name: 'Bench compressor', locationId: location.json.id });
  const meterIds: string[] = [];
  for (let i = 0; i < METERS; i++) {
    const meter = await post(service, '/api/v1/meters', { assetId: asset.json.id, name: `Run hours ${i}`, kind: 'cumulative', unit: 'h' });
    if (meter.status !== 201) throw new Error(`cannot create a meter: ${JSON.stringify(meter.json)}`);
    meterIds.push(meter.json.id as string);
  }
  return { assetId: asset.json.id as string, meterIds };
}

/** `count` readings spread over the meters, one second apart per meter, each meter increasing. */
function readingsFor(meterIds: readonly string[], count: number): Reading[] {
  const start = Date.now() - 2 * 24 * 3600 * 1000;
  return Array.from({ length: count }, (_, i) => {
    const meter = i % meterIds.length;
    const step = Math.floor(i / meterIds.length);
    return { meterId: meterIds[meter], value: (1000 + step * 0.25).toFixed(2), readAt: new Date(start + step * 1000).toISOString() };
  });
}

/** The same readings as COPY text rows, with what the service would compute for them. */
function copyRows(readings: readonly Reading[], tenantId: string, assetId: string): Buffer {
  const previous = new Map<string, number>();
  const lines = readings.map((reading) => {
    const value = Number(reading.value);
    const before = previous.get(reading.meterId);
    previous.set(reading.meterId, value);
    const delta = before === undefined ? '\\N' : (value - before).toFixed(2);
    return [randomUUID(), tenantId, reading.meterId, assetId, reading.readAt, reading.value, delta, reading.value, 'f', '\\N', 'bulk', 'bench-technician'].join('\t');
  });
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** Empties what a repetition wrote and the meters' running totals. */
function reset(service: AssetsUnderTest): Promise<void> {
  return resetTables(service.config.database.ownerUrl, {
    truncate: ['meter_readings', 'mate_outbox'],
    then: ['update meters set last_value = null, last_read_at = null, lifetime_total = 0, reading_count = 0'],
    analyze: ['meter_readings'],
  });
}

export const b5MeterIngest: Benchmark = {
  id: 'B5',
  title: 'Bulk meter-reading ingest (10,000 per request) vs COPY of the same rows',
  goal: {
    description:
      'One POST /api/v1/meters/readings/bulk of 10,000 readings, timed until the readings and their MeterReadingRecorded events are committed (outbox), reaches at least 0.3 of the readings/s of COPY of the same reading rows in one transaction.',
    ratioAtLeast: 0.3,
  },
  async run(ctx, { smoke, reps }) {
    const count = smoke ? 500 : 10_000;
    // One request is one large operation: a fresh process runs it unoptimised the first couple of
    // times (JIT), and a single request is easily hit by a garbage collection or a checkpoint, so
    // more warm-up and more repetitions than the other benchmarks, for a steadier median.
    const warmup = smoke ? 0 : 2;
    const repetitions = reps ?? (smoke ? 1 : 9);
    const service = await startAssetsUnderTest(ctx, 'mate_bench_b5');
    try {
      const { assetId, meterIds } = await seed(service);
      const readings = readingsFor(meterIds, count);
      const body = JSON.stringify({ readings });
      const copyData = copyRows(readings, service.tenantId, assetId);
      let lastSubject: Record<string, unknown> = {};

      const samples = await runInterleaved<Sample>({
        warmup,
        reps: repetitions,
        baseline: async () => {
          await reset(service);
          const meter = startResourceMeter();
          const started = performance.now();
          await service.owner.query('begin');
          const copy = service.owner.query(
            copyFrom(
              `copy meter_readings (id, tenant_id, meter_id, asset_id, read_at, value, delta, lifetime_total, is_reset, work_order_id, source, recorded_by) from stdin`,
            ),
          );
          await pipeline(Readable.from([copyData]), copy);
          await service.owner.query('commit');
          const seconds = (performance.now() - started) / 1000;
          return { readingsPerSecond: count / seconds, seconds, resources: meter.stop() };
        },
        subject: async () => {
          await reset(service);
          const meter = startResourceMeter();
          const started = performance.now();
          const response = await fetch(`${service.url}${BULK_READINGS_PATH}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${service.token}` },
            body,
          });
          const result = (await response.json()) as Record<string, unknown>;
          const seconds = (performance.now() - started) / 1000;
          if (response.status !== 200 || result.recorded !== count) throw new Error(`bulk ingest failed: ${response.status} ${JSON.stringify(result).slice(0, 300)}`);
          lastSubject = { recorded: result.recorded as number };
          return { readingsPerSecond: count / seconds, seconds, resources: meter.stop() };
        },
        log: ctx.log,
        onRetry: ctx.noteRetry,
        describe: (sample) => `${Math.round(sample.readingsPerSecond)} readings/s (${(sample.seconds * 1000).toFixed(0)} ms)`,
      });

      const outbox = await service.owner.query<{ n: string }>(`select count(*) as n from mate_outbox where event_type = 'mate.assets.v1.MeterReadingRecorded'`);
      const stored = await service.owner.query<{ n: string }>('select count(*) as n from meter_readings');
      return {
        figures: [
          figure('ingest rate', 'readings/s', true, samples.subject.map((s) => s.readingsPerSecond), samples.baseline.map((s) => s.readingsPerSecond)),
          figure('time per request', 'ms', false, samples.subject.map((s) => s.seconds * 1000), samples.baseline.map((s) => s.seconds * 1000)),
        ],
        parameters: {
          'readings per request': count,
          meters: METERS,
          'request body bytes': Buffer.byteLength(body),
          'warm-up pairs': warmup,
          repetitions,
        },
        notes: [
          `After the last subject repetition: ${lastSubject.recorded ?? 0} readings recorded, ${stored.rows[0].n} rows in meter_readings and ${outbox.rows[0].n} MeterReadingRecorded rows in the outbox (relay off). ` +
            'The subject also parses and validates the JSON body, locks and updates the meters, checks for repeats and answers a result per row; the baseline writes only the reading rows, as the owner (COPY FROM is not allowed under row-level security).',
          `Resources (medians): subject — this process ${median(samples.subject.map((s) => s.resources.processCores)).toFixed(2)} cores, event-loop utilization ` +
            `${median(samples.subject.map((s) => s.resources.eventLoopUtilization)).toFixed(2)}, machine CPU ${Math.round(100 * median(samples.subject.map((s) => s.resources.machineCpu ?? 0)))} %; ` +
            `baseline machine CPU ${Math.round(100 * median(samples.baseline.map((s) => s.resources.machineCpu ?? 0)))} %.`,
        ],
      };
    } finally {
      await service.close();
    }
  },
};
