import { randomUUID } from 'node:crypto';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { MeterKind, MeterReadingRecordedSchema, PmOccurrenceDueSchema, PmOccurrencesMissedSchema } from '@mate/contracts';
import { withTenantTransaction } from '@mate/database';
import { expectEventually } from '@mate/testing';
import { DataSource } from 'typeorm';
import type { PmSchedulingConfig } from '../src/config/pm-scheduling.config';
import { ApplyMeterReadings, type AssetReading } from '../src/meter-readings/use-cases/apply-meter-readings';
import { knownAsset, outboxEvents, ownerQuery, prepareTestConfig, startPmScheduling, testTopics, tokenFor, TestPublisher, type PmTestApp, type TestTopics } from './support/pm-test-app';

/** Readings of a cumulative meter: [lifetime total, read at]. */
type Run = Array<[total: number, readAt: string]>;

// Every 100 h, fixed anchor, base 1000: 1130 crosses 1100 (one occurrence); 1370 passes 1200 and
// 1300 (one occurrence, one missed: docs/services/pm-scheduling.md, "Meter triggers").
const RUN: Run = [
  [1000, '2026-05-01T00:00:00Z'],
  [1060, '2026-05-02T00:00:00Z'],
  [1130, '2026-05-03T00:00:00Z'],
  [1140, '2026-05-04T00:00:00Z'],
  [1370, '2026-05-05T00:00:00Z'],
];
const EXPECTED_DUE = ['2026-05-03T00:00:00.000Z', '2026-05-05T00:00:00.000Z'];

/** A run of MeterReadingRecorded applied at once (@OnEventBatch), against the real broker and database. */
describe('meter readings applied as a run (PostgreSQL, Kafka)', () => {
  const tenant = randomUUID();
  let config: PmSchedulingConfig;
  let topics: TestTopics;
  let service: PmTestApp;
  let planner: string;
  const publisher = new TestPublisher();

  beforeAll(async () => {
    config = await prepareTestConfig('meter_runs');
    topics = testTopics('meter-runs');
    service = await startPmScheduling(config, { topics, messaging: { relay: { enabled: false } } });
    planner = `Bearer ${await tokenFor(config, tenant, ['planner'])}`;
    await publisher.connect();
  });

  afterAll(async () => {
    await publisher.disconnect();
    await service?.close();
  });

  async function intervalPlan(): Promise<{ planId: string; assetId: string; meterId: string }> {
    const assetId = await knownAsset(config, tenant);
    const response = await service
      .http()
      .post('/api/v1/pm-plans')
      .set('Authorization', planner)
      .send({ title: 'Every 100 h', template: {}, target: { assetIds: [assetId] }, zone: 'UTC', startsAt: '2026-01-01T00:00:00Z', overlap: 'stack', triggers: [{ kind: 'meter_interval', unit: 'h', every: 100 }] })
      .expect(201);
    return { planId: response.body.id as string, assetId, meterId: randomUUID() };
  }

  const reading = (meterId: string, assetId: string, [total, readAt]: Run[number]) => ({
    meterId,
    assetId,
    value: String(total),
    lifetimeTotal: String(total),
    readAt: timestampFromDate(new Date(readAt)),
    kind: MeterKind.CUMULATIVE,
    unit: 'h',
    readingId: randomUUID(),
  });
  const dueTimes = async (planId: string) => (await outboxEvents(config, PmOccurrenceDueSchema, planId)).map((event) => timestampDate(event.occurrenceAt!).toISOString());
  const missedCounts = async (planId: string) => (await outboxEvents(config, PmOccurrencesMissedSchema, planId)).map((event) => event.count);
  const streamState = async (planId: string) => (await ownerQuery<{ state: unknown }>(config, 'select state from pm_streams where plan_id = $1', [planId]))[0]?.state;

  /** The stream's state with each occurrence id replaced by its occurrence time (ids differ between plans). */
  async function comparableState(planId: string): Promise<unknown> {
    const occurrences = await ownerQuery<{ occurrence_id: string; occurrence_at: Date }>(config, 'select occurrence_id, occurrence_at from pm_occurrences where plan_id = $1', [planId]);
    const timeOf = new Map(occurrences.map((row) => [row.occurrence_id, row.occurrence_at.toISOString()]));
    return JSON.parse(JSON.stringify(await streamState(planId)), (_key, value: unknown) => (typeof value === 'string' && timeOf.has(value) ? `occurrence at ${timeOf.get(value)}` : value));
  }

  it('a run crossing the interval twice, once by a jump, gives the documented occurrences; redelivered and late readings change nothing', async () => {
    const { planId, assetId, meterId } = await intervalPlan();
    const envelope = { tenantId: tenant, subject: meterId };
    const ids = await publisher.publishRun(topics.assets, MeterReadingRecordedSchema, RUN.map((values) => ({ init: reading(meterId, assetId, values) })), envelope);
    // The same run redelivered (same event ids), a late reading, then a marker behind them on the same key.
    await publisher.publishRun(topics.assets, MeterReadingRecordedSchema, RUN.map((values, index) => ({ init: reading(meterId, assetId, values), id: ids[index] })), envelope);
    await publisher.publishRun(topics.assets, MeterReadingRecordedSchema, [{ init: reading(meterId, assetId, [1250, '2026-05-04T12:00:00Z']) }, { init: reading(meterId, assetId, [1380, '2026-05-06T00:00:00Z']) }], envelope);
    await expectEventually(async () => {
      const state = (await streamState(planId)) as { triggers: Array<{ lastReadAt: string | null }> } | undefined;
      expect(state?.triggers[0]?.lastReadAt).toBe('2026-05-06T00:00:00.000Z');
    }, { timeoutMs: 30_000 });
    expect(await dueTimes(planId)).toEqual(EXPECTED_DUE);
    expect(await missedCounts(planId)).toEqual([1]);
    const [usage] = await ownerQuery<{ window_start_total: string; last_total: string }>(config, 'select window_start_total, last_total from meter_usage where meter_id = $1', [meterId]);
    expect([Number(usage!.window_start_total), Number(usage!.last_total)]).toEqual([1000, 1380]);
  });

  it('applying a run at once has the effects of applying its readings one by one', async () => {
    const apply = service.app.get(ApplyMeterReadings);
    const dataSource = service.app.get(DataSource);
    const atOnce = await intervalPlan();
    const oneByOne = await intervalPlan();
    const readingsOf = (plan: { assetId: string; meterId: string }): AssetReading[] =>
      RUN.map(([total, readAt]) => ({ meterId: plan.meterId, assetId: plan.assetId, unit: 'h', value: total, lifetimeTotal: total, readAt: new Date(readAt) }));

    await withTenantTransaction(dataSource, tenant, (manager) => apply.execute(manager, tenant, readingsOf(atOnce)));
    for (const single of readingsOf(oneByOne)) await withTenantTransaction(dataSource, tenant, (manager) => apply.execute(manager, tenant, [single]));

    expect(await dueTimes(atOnce.planId)).toEqual(EXPECTED_DUE);
    expect(await dueTimes(oneByOne.planId)).toEqual(EXPECTED_DUE);
    expect(await missedCounts(atOnce.planId)).toEqual(await missedCounts(oneByOne.planId));
    expect(await comparableState(atOnce.planId)).toEqual(await comparableState(oneByOne.planId));
    const usage = (meterId: string) => ownerQuery(config, 'select unit, window_start_total, window_start_at, last_total, last_read_at from meter_usage where meter_id = $1', [meterId]);
    expect(await usage(atOnce.meterId)).toEqual(await usage(oneByOne.meterId));
  });
});
