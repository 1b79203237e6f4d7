import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AssetDecommissionedSchema, AssetStatus, MeterKind, PmStreamPausedSchema, PmStreamPauseReason, PmOccurrenceDueSchema, PmOccurrenceSkippedSchema, PmOccurrencesMissedSchema, PmSkipReason, WorkOrderCompletedSchema } from '@mate/contracts';
import { expectEventually } from '@mate/testing';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { PmSchedulingConfig } from '../src/config/pm-scheduling.config';
import { OccurrenceRecorder } from '../src/occurrences/occurrence-recorder';
import { every, publishReadings, readingApplied, runAt as runReplicas, type Reading } from './support/engine-steps';
import { knownAsset, outboxEvents, ownerQuery, prepareTestConfig, startPmScheduling, testTopics, tokenFor, TestPublisher, type PmTestApp, type TestTopics } from './support/pm-test-app';

const localTime = (instant: Date, zone: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(instant);

// Streams start when their plan is created (the real now): every simulated time lies after it.

/** The engine with two replicas on one database, and the broker for the readings and work-order events. */
describe('PM engine (PostgreSQL, Kafka)', () => {
  const tenant = randomUUID();
  let config: PmSchedulingConfig;
  let topics: TestTopics;
  let replicaA: PmTestApp;
  let replicaB: PmTestApp;
  let planner: string;
  const publisher = new TestPublisher();

  beforeAll(async () => {
    config = await prepareTestConfig('engine');
    topics = testTopics('engine');
    const options = { topics, messaging: { relay: { enabled: false } } };
    replicaA = await startPmScheduling(config, options);
    replicaB = await startPmScheduling(config, { ...options, consume: false });
    planner = `Bearer ${await tokenFor(config, tenant, ['planner'])}`;
    await publisher.connect();
  });

  afterAll(async () => {
    await publisher.disconnect();
    await replicaB?.close();
    await replicaA?.close();
  });

  async function createPlan(body: Record<string, unknown>): Promise<string> {
    const assetId = (body.assetId as string | undefined) ?? (await knownAsset(config, tenant));
    const response = await replicaA
      .http()
      .post('/api/v1/pm-plans')
      .set('Authorization', planner)
      .send({ title: 'PM', template: {}, target: { assetIds: [assetId] }, zone: 'UTC', startsAt: '2027-01-01T00:00:00Z', overlap: 'stack', ...body, assetId: undefined })
      .expect(201);
    return response.body.id as string;
  }

  const dueOf = (planId: string) => outboxEvents(config, PmOccurrenceDueSchema, planId);

  const runAt = (times: Date[], replicas: PmTestApp[] = [replicaA]) => runReplicas(times, replicas);

  it.each([
    ['Europe/Berlin', ['2027-03-26', '2027-03-30'], ['2027-10-29', '2027-11-02']],
    ['Australia/Sydney', ['2027-04-01', '2027-04-06'], ['2027-09-30', '2027-10-05']],
  ])('keeps a daily 06:00 plan at 06:00 local in %s across both daylight-saving changes', async (zone, spring, autumn) => {
    const planId = await createPlan({ zone, startsAt: `${spring[0]}T00:00:00Z`, triggers: [{ kind: 'calendar', rule: 'FREQ=DAILY;BYHOUR=6;BYMINUTE=0' }] });
    await runAt([...every(3, `${spring[0]}T00:00:00Z`, `${spring[1]}T00:00:00Z`), ...every(3, `${autumn[0]}T00:00:00Z`, `${autumn[1]}T00:00:00Z`)]);
    const due = await dueOf(planId);
    const times = due.map((event) => localTime(timestampDate(event.occurrenceAt!), zone));
    expect(times.length).toBeGreaterThanOrEqual(8);
    expect(new Set(times.map((time) => time.slice(11)))).toEqual(new Set(['06:00']));
    expect(new Set(times.map((time) => time.slice(0, 10))).size).toBe(times.length);
    // The gap between the two runs is one missed stretch, reported as one count.
    expect((await outboxEvents(config, PmOccurrencesMissedSchema, planId)).length).toBe(1);
  });

  it('emits each occurrence exactly once with two replicas stepping at the same times, and after a crash between claim and commit', async () => {
    const planIds = await Promise.all(Array.from({ length: 5 }, () => createPlan({ triggers: [{ kind: 'calendar', rule: 'FREQ=HOURLY' }], startsAt: '2027-06-01T00:00:00Z' })));
    const recorder = replicaB.app.get(OccurrenceRecorder);
    const original = recorder.recordAll.bind(recorder);
    // Replica B records its first batch, then dies before the commit: nothing of it may remain.
    const crash = jest.spyOn(recorder, 'recordAll').mockImplementationOnce(async (...args) => {
      await original(...args);
      throw new Error('crash between claim and commit');
    });
    await expect(replicaB.engine.runBatch(tenant, new Date('2027-06-01T00:30:00Z'))).rejects.toThrow('crash between claim and commit');
    crash.mockRestore();
    await runAt(every(1, '2027-06-01T00:30:00Z', '2027-06-01T05:30:00Z'), [replicaA, replicaB]);
    for (const planId of planIds) {
      const ids = (await dueOf(planId)).map((event) => event.occurrenceId);
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(6);
    }
  });

  it('skip_if_open skips while the work order is open and generates again after WorkOrderCompleted (consumed from the broker)', async () => {
    const planId = await createPlan({ overlap: 'skip_if_open', startsAt: '2027-07-01T00:00:00Z', triggers: [{ kind: 'calendar', rule: 'FREQ=DAILY;BYHOUR=6' }] });
    await runAt(every(24, '2027-07-01T07:00:00Z', '2027-07-02T07:00:00Z'));
    const [first] = await dueOf(planId);
    expect((await outboxEvents(config, PmOccurrenceSkippedSchema, planId)).map((event) => event.reason)).toEqual([PmSkipReason.OPEN_OVERLAP]);
    await publisher.publish(
      topics.workOrders,
      WorkOrderCompletedSchema,
      { workOrderId: randomUUID(), pm: { planId, occurrenceId: first!.occurrenceId }, completedAt: timestampFromDate(new Date('2027-07-02T10:00:00Z')) },
      { tenantId: tenant, subject: randomUUID() },
    );
    await expectEventually(async () => {
      const rows = await ownerQuery<{ completed_at: Date | null }>(config, 'select completed_at from pm_occurrences where occurrence_id = $1', [first!.occurrenceId]);
      expect(rows[0]?.completed_at).not.toBeNull();
    }, { timeoutMs: 30_000 });
    await runAt([new Date('2027-07-03T07:00:00Z')]);
    expect((await dueOf(planId)).map((event) => timestampDate(event.occurrenceAt!).toISOString())).toEqual(['2027-07-01T06:00:00.000Z', '2027-07-03T06:00:00.000Z']);
  });

  const readings = (meterId: string, assetId: string, values: Reading[]) => publishReadings(publisher, topics, tenant, { meterId, assetId }, values);
  const appliedUpTo = (planId: string, readAt: string) => readingApplied(config, planId, readAt);

  it('meter interval: a jump over several intervals gives one occurrence and a missed count; redelivered and late readings change nothing', async () => {
    const assetId = await knownAsset(config, tenant);
    const meterId = randomUUID();
    const planId = await createPlan({ assetId, startsAt: '2026-01-01T00:00:00Z', target: { assetIds: [assetId] }, triggers: [{ kind: 'meter_interval', unit: 'h', every: 100 }] });
    await readings(meterId, assetId, [
      [1000, '2026-05-01T00:00:00Z'],
      [1120, '2026-05-02T00:00:00Z'],
      [1150, '2026-05-03T00:00:00Z'],
      [1460, '2026-05-04T00:00:00Z'],
      [1460, '2026-05-04T00:00:00Z'], // the same reading again (another event id)
      [1300, '2026-05-03T12:00:00Z'], // late
      [1470, '2026-05-05T00:00:00Z'], // the marker
    ]);
    await appliedUpTo(planId, '2026-05-05T00:00:00Z');
    expect((await dueOf(planId)).map((event) => timestampDate(event.occurrenceAt!).toISOString())).toEqual(['2026-05-02T00:00:00.000Z', '2026-05-04T00:00:00.000Z']);
    expect((await outboxEvents(config, PmOccurrencesMissedSchema, planId)).map((event) => event.count)).toEqual([2]);
  });

  it('meter threshold with hysteresis fires once per excursion', async () => {
    const assetId = await knownAsset(config, tenant);
    const meterId = randomUUID();
    const planId = await createPlan({ assetId, startsAt: '2026-01-01T00:00:00Z', target: { assetIds: [assetId] }, triggers: [{ kind: 'meter_threshold', meterId, direction: 'above', value: 80, resetAt: 70 }] });
    const values = [60, 85, 90, 75, 82, 65, 81, 79];
    await readings(meterId, assetId, values.map((value, index) => [value, `2026-05-1${index}T00:00:00Z`, MeterKind.GAUGE]));
    await appliedUpTo(planId, '2026-05-17T00:00:00Z');
    expect((await dueOf(planId)).map((event) => timestampDate(event.occurrenceAt!).toISOString())).toEqual(['2026-05-11T00:00:00.000Z', '2026-05-16T00:00:00.000Z']);
  });

  it('a floating plan counts its next occurrence from the completion of the latest work order', async () => {
    const planId = await createPlan({ anchor: 'floating', startsAt: '2027-08-02T06:00:00Z', triggers: [{ kind: 'calendar', rule: 'FREQ=WEEKLY' }] });
    await runAt([new Date('2027-08-02T06:30:00Z')]);
    const [first] = await dueOf(planId);
    await publisher.publish(
      topics.workOrders,
      WorkOrderCompletedSchema,
      { workOrderId: randomUUID(), pm: { planId, occurrenceId: first!.occurrenceId }, completedAt: timestampFromDate(new Date('2027-08-05T15:00:00Z')) },
      { tenantId: tenant, subject: randomUUID() },
    );
    await expectEventually(async () => {
      const [stream] = await ownerQuery<{ next_due_at: Date }>(config, 'select next_due_at from pm_streams where plan_id = $1', [planId]);
      expect(stream!.next_due_at.toISOString()).toBe('2027-08-12T06:00:00.000Z');
    }, { timeoutMs: 30_000 });
  });

  it('pauses the streams of a decommissioned asset with PmStreamPaused, and generates nothing for it afterwards', async () => {
    const assetId = await knownAsset(config, tenant);
    const planId = await createPlan({ assetId, target: { assetIds: [assetId] }, startsAt: '2027-09-01T00:00:00Z', triggers: [{ kind: 'calendar', rule: 'FREQ=DAILY;BYHOUR=6' }] });
    await publisher.publish(topics.assets, AssetDecommissionedSchema, { assetId, status: AssetStatus.DECOMMISSIONED }, { tenantId: tenant, subject: assetId });
    await expectEventually(async () => {
      const paused = await outboxEvents(config, PmStreamPausedSchema, planId);
      expect(paused.map((event) => [event.assetId, event.reason])).toEqual([[assetId, PmStreamPauseReason.ASSET_DECOMMISSIONED]]);
    }, { timeoutMs: 30_000 });
    await runAt([new Date('2027-09-03T07:00:00Z')]);
    expect(await dueOf(planId)).toEqual([]);
  });
});
