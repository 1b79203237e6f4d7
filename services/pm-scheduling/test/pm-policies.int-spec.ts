import { randomUUID } from 'node:crypto';
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { PmOccurrenceDueSchema, PmOccurrenceSkippedSchema, PmOccurrencesMissedSchema, PmSkipReason, PmTriggerKind, WorkOrderCreatedSchema } from '@mate/contracts';
import type { PmSchedulingConfig } from '../src/config/pm-scheduling.config';
import { every, outcomeRecorded, publishReadings, publishWorkOrderOutcome, readingApplied, runAt as runReplicas } from './support/engine-steps';
import { knownAsset, outboxEvents, ownerQuery, prepareTestConfig, startPmScheduling, testTopics, tokenFor, TestPublisher, type PmTestApp, type TestTopics } from './support/pm-test-app';

const iso = (value: Timestamp | undefined) => (value ? timestampDate(value).toISOString() : null);

/**
 * Every trigger combination and policy of the engine, one plan per case, stepped through the
 * engine's clock (engine.run(now)); readings and work-order outcomes come over the broker.
 * Every expectation is worked out by hand from the documented rules (docs/services/pm-scheduling.md).
 * Streams start when their plan is created (the real now, December 2026): simulated times lie after it.
 * The forecast test comes first: later tests step every tenant's streams into 2027.
 */
describe('PM engine policies, forecast and compliance (PostgreSQL, Kafka)', () => {
  const tenant = randomUUID();
  let config: PmSchedulingConfig;
  let topics: TestTopics;
  let service: PmTestApp;
  let planner: string;
  const publisher = new TestPublisher();

  beforeAll(async () => {
    config = await prepareTestConfig('policies');
    topics = testTopics('policies');
    service = await startPmScheduling(config, { topics, messaging: { relay: { enabled: false } } });
    planner = `Bearer ${await tokenFor(config, tenant, ['planner'])}`;
    await publisher.connect();
  });

  afterAll(async () => {
    await publisher.disconnect();
    await service?.close();
  });

  /** A plan on one asset (a fresh one unless `target` names it), zone UTC, overlap `stack` unless said. */
  async function createPlan(body: Record<string, unknown>, authorization = planner): Promise<string> {
    const target = body.target ?? { assetIds: [await knownAsset(config, tenant)] };
    const response = await service
      .http()
      .post('/api/v1/pm-plans')
      .set('Authorization', authorization)
      .send({ title: 'PM', template: {}, zone: 'UTC', overlap: 'stack', ...body, target })
      .expect(201);
    return response.body.id as string;
  }

  const runAt = (...times: Array<string | Date>) => runReplicas(times.map((time) => new Date(time)), [service]);
  const daily = (from: string, to: string) => every(24, from, to);
  const dueOf = (planId: string) => outboxEvents(config, PmOccurrenceDueSchema, planId);
  const dueTimes = async (planId: string) => (await dueOf(planId)).map((event) => iso(event.occurrenceAt));
  const skippedOf = async (planId: string) => (await outboxEvents(config, PmOccurrenceSkippedSchema, planId)).map((event) => [iso(event.occurrenceAt), event.reason]);
  const missedOf = async (planId: string) => (await outboxEvents(config, PmOccurrencesMissedSchema, planId)).map((event) => [event.count, iso(event.firstAt), iso(event.lastAt)]);
  const DAILY_06 = { kind: 'calendar', rule: 'FREQ=DAILY;BYHOUR=6;BYMINUTE=0' };

  it('forecasts calendar occurrences exactly and meter ones from the usage rate, with the weekly workload per team and assignee', async () => {
    const forecastTenant = randomUUID();
    const token = `Bearer ${await tokenFor(config, forecastTenant, ['planner'])}`;
    const [team, alice, bob] = [randomUUID(), randomUUID(), randomUUID()];
    const pumpId = await knownAsset(config, forecastTenant);
    const compressorId = await knownAsset(config, forecastTenant);
    await createPlan(
      {
        target: { assetIds: [pumpId] },
        template: { estimatedDurationMinutes: 90, teamId: team, assigneeIds: [alice, bob] },
        startsAt: '2027-01-01T00:00:00Z',
        triggers: [{ kind: 'calendar', rule: 'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=8;BYMINUTE=0' }],
      },
      token,
    );
    const meterPlanId = await createPlan({ target: { assetIds: [compressorId] }, startsAt: '2026-01-01T00:00:00Z', triggers: [{ kind: 'meter_interval', unit: 'h', every: 250 }] }, token);
    // 100 h in 10 days: 10 h a day. The first reading sets the base (next point 1250); from 1100 on
    // 11 November the points 1250, 1500, 1750 are 15, 40 and 65 days away: 1750 on 15 January.
    await publishReadings(publisher, topics, forecastTenant, { meterId: randomUUID(), assetId: compressorId }, [
      [1000, '2026-11-01T00:00:00Z'],
      [1100, '2026-11-11T00:00:00Z'],
    ]);
    await readingApplied(config, meterPlanId, '2026-11-11T00:00:00Z');

    const forecast = await service.http().get('/api/v1/pm-plans/forecast?from=2027-01-04T00:00:00Z&to=2027-01-18T00:00:00Z').set('Authorization', token).expect(200);
    expect(forecast.body.occurrences.map((item: { plannedStartAt: string; trigger: string; estimate: unknown }) => [item.plannedStartAt, item.trigger, item.estimate])).toEqual([
      ['2027-01-04T08:00:00.000Z', 'calendar', null],
      ['2027-01-07T08:00:00.000Z', 'calendar', null],
      ['2027-01-11T08:00:00.000Z', 'calendar', null],
      ['2027-01-14T08:00:00.000Z', 'calendar', null],
      ['2027-01-15T00:00:00.000Z', 'meter_interval', { ratePerDay: 10, unit: 'h' }],
    ]);
    expect(forecast.body.workload).toEqual([
      { week: '2027-W01', occurrences: 2, withoutEstimate: 0, hours: 3, hoursByTeam: { [team]: 3 }, hoursByAssignee: { [alice]: 3, [bob]: 3 } },
      { week: '2027-W02', occurrences: 3, withoutEstimate: 1, hours: 3, hoursByTeam: { [team]: 3 }, hoursByAssignee: { [alice]: 3, [bob]: 3 } },
    ]);
    const forTeam = await service.http().get(`/api/v1/pm-plans/forecast?from=2027-01-04T00:00:00Z&to=2027-01-18T00:00:00Z&team=${team}`).set('Authorization', token).expect(200);
    expect(forTeam.body.occurrences).toHaveLength(4);
  });

  it('any: the calendar and the meter each generate, whichever comes first', async () => {
    const assetId = await knownAsset(config, tenant);
    const meterId = randomUUID();
    const planId = await createPlan({
      target: { assetIds: [assetId] },
      startsAt: '2027-02-01T00:00:00Z',
      endsAt: '2027-02-03T00:00:00Z',
      combine: 'any',
      triggers: [DAILY_06, { kind: 'meter_interval', meterId, every: 100 }],
    });
    await runAt('2027-02-01T07:00:00Z');
    await publishReadings(publisher, topics, tenant, { meterId, assetId }, [
      [1000, '2027-02-01T10:00:00Z'],
      [1100, '2027-02-01T20:00:00Z'],
    ]);
    await readingApplied(config, planId, '2027-02-01T20:00:00Z', 1);
    await runAt('2027-02-02T07:00:00Z');
    expect((await dueOf(planId)).map((event) => [iso(event.occurrenceAt), event.trigger])).toEqual([
      ['2027-02-01T06:00:00.000Z', PmTriggerKind.CALENDAR],
      ['2027-02-01T20:00:00.000Z', PmTriggerKind.METER_INTERVAL],
      ['2027-02-02T06:00:00.000Z', PmTriggerKind.CALENDAR],
    ]);
  });

  it('all: one occurrence when the last of the triggers has fired, then it waits for all of them again', async () => {
    const assetId = await knownAsset(config, tenant);
    const meterId = randomUUID();
    const meter = { meterId, assetId };
    const planId = await createPlan({
      target: { assetIds: [assetId] },
      startsAt: '2027-02-01T00:00:00Z',
      endsAt: '2027-02-03T00:00:00Z',
      combine: 'all',
      triggers: [DAILY_06, { kind: 'meter_interval', meterId, every: 100 }],
    });
    await runAt('2027-02-01T07:00:00Z');
    expect(await dueTimes(planId)).toEqual([]);
    await publishReadings(publisher, topics, tenant, meter, [
      [1000, '2027-02-01T10:00:00Z'],
      [1100, '2027-02-01T20:00:00Z'],
    ]);
    await readingApplied(config, planId, '2027-02-01T20:00:00Z', 1);
    await runAt('2027-02-02T07:00:00Z');
    expect(await dueTimes(planId)).toEqual(['2027-02-01T20:00:00.000Z']);
    await publishReadings(publisher, topics, tenant, meter, [
      [1150, '2027-02-02T10:00:00Z'],
      [1200, '2027-02-02T12:00:00Z'],
    ]);
    await readingApplied(config, planId, '2027-02-02T12:00:00Z', 1);
    expect((await dueOf(planId)).map((event) => [iso(event.occurrenceAt), event.trigger])).toEqual([
      ['2027-02-01T20:00:00.000Z', PmTriggerKind.METER_INTERVAL],
      ['2027-02-02T12:00:00.000Z', PmTriggerKind.METER_INTERVAL],
    ]);
  });

  it('meter interval: fixed keeps whole intervals, floating counts from the reading that fired and again from the total at completion', async () => {
    const assetId = await knownAsset(config, tenant);
    const meter = { meterId: randomUUID(), assetId };
    const trigger = { kind: 'meter_interval', unit: 'h', every: 100 };
    const fixedId = await createPlan({ target: { assetIds: [assetId] }, startsAt: '2027-01-01T00:00:00Z', anchor: 'fixed', triggers: [trigger] });
    const floatingId = await createPlan({ target: { assetIds: [assetId] }, startsAt: '2027-01-01T00:00:00Z', anchor: 'floating', triggers: [trigger] });
    // Fixed points 1100, 1200, 1300, 1400; floating: 1100 (at 1130, next 1230), 1230 (at 1240, next 1340).
    await publishReadings(publisher, topics, tenant, meter, [
      [1000, '2027-03-01T00:00:00Z'],
      [1130, '2027-03-02T00:00:00Z'],
      [1210, '2027-03-03T00:00:00Z'],
      [1240, '2027-03-04T00:00:00Z'],
      [1300, '2027-03-05T00:00:00Z'],
    ]);
    await readingApplied(config, floatingId, '2027-03-05T00:00:00Z');
    const latest = (await dueOf(floatingId)).at(-1)!;
    expect(iso(latest.occurrenceAt)).toBe('2027-03-04T00:00:00.000Z');
    // Completed when the meter stands at 1300: the next interval counts from there (1400, not 1340).
    await publishWorkOrderOutcome(publisher, topics, tenant, { planId: floatingId, occurrenceId: latest.occurrenceId }, { completedAt: '2027-03-05T12:00:00Z' });
    await outcomeRecorded(config, latest.occurrenceId, 'completed');
    await publishReadings(publisher, topics, tenant, meter, [
      [1380, '2027-03-06T00:00:00Z'],
      [1400, '2027-03-07T00:00:00Z'],
    ]);
    await readingApplied(config, floatingId, '2027-03-07T00:00:00Z');
    await readingApplied(config, fixedId, '2027-03-07T00:00:00Z');
    expect(await dueTimes(fixedId)).toEqual(['2027-03-02T00:00:00.000Z', '2027-03-03T00:00:00.000Z', '2027-03-05T00:00:00.000Z', '2027-03-07T00:00:00.000Z']);
    expect(await dueTimes(floatingId)).toEqual(['2027-03-02T00:00:00.000Z', '2027-03-04T00:00:00.000Z', '2027-03-07T00:00:00.000Z']);
  });

  it('a fixed calendar keeps its cadence whatever the completion', async () => {
    const planId = await createPlan({ anchor: 'fixed', startsAt: '2027-08-02T06:00:00Z', triggers: [{ kind: 'calendar', rule: 'FREQ=WEEKLY' }] });
    await runAt('2027-08-02T06:30:00Z');
    const [first] = await dueOf(planId);
    await publishWorkOrderOutcome(publisher, topics, tenant, { planId, occurrenceId: first!.occurrenceId }, { completedAt: '2027-08-05T15:00:00Z' });
    await outcomeRecorded(config, first!.occurrenceId, 'completed');
    const [stream] = await ownerQuery<{ next_due_at: Date }>(config, 'select next_due_at from pm_streams where plan_id = $1', [planId]);
    expect(stream!.next_due_at.toISOString()).toBe('2027-08-09T06:00:00.000Z');
  });

  it('lead time P1D and due offset PT8H on the Berlin wall clock across the spring change', async () => {
    // 28 March 2027 is the change (02:00 CET -> 03:00 CEST). 06:00 CEST on the 28th is 04:00Z; one
    // day earlier on the wall clock is 06:00 CET on the 27th, 05:00Z. Due 14:00 CEST, 12:00Z.
    const planId = await createPlan({
      zone: 'Europe/Berlin',
      startsAt: '2027-03-28T00:00:00Z',
      endsAt: '2027-03-30T00:00:00Z',
      leadTime: 'P1D',
      dueOffset: 'PT8H',
      triggers: [DAILY_06],
    });
    await runAt('2027-03-27T04:59:00Z');
    expect(await dueOf(planId)).toEqual([]);
    await runAt('2027-03-27T05:00:00Z', '2027-03-28T03:59:00Z');
    const timesOf = async () => (await dueOf(planId)).map((event) => [iso(event.occurrenceAt), iso(event.plannedStartAt), iso(event.dueAt)]);
    expect(await timesOf()).toEqual([['2027-03-28T04:00:00.000Z', '2027-03-28T04:00:00.000Z', '2027-03-28T12:00:00.000Z']]);
    await runAt('2027-03-28T04:00:00Z');
    expect(await timesOf()).toEqual([
      ['2027-03-28T04:00:00.000Z', '2027-03-28T04:00:00.000Z', '2027-03-28T12:00:00.000Z'],
      ['2027-03-29T04:00:00.000Z', '2027-03-29T04:00:00.000Z', '2027-03-29T12:00:00.000Z'],
    ]);
  });

  it('overlap: stack generates while open, replace_open names the open one, skip_if_open waits until the work order is cancelled', async () => {
    const plan = (overlap: string) => createPlan({ overlap, startsAt: '2027-04-01T00:00:00Z', endsAt: '2027-04-04T00:00:00Z', triggers: [DAILY_06] });
    const [stackId, replaceId, skipId] = [await plan('stack'), await plan('replace_open'), await plan('skip_if_open')];
    await runAt('2027-04-01T07:00:00Z', '2027-04-02T07:00:00Z');
    const [first] = await dueOf(skipId);
    await publishWorkOrderOutcome(publisher, topics, tenant, { planId: skipId, occurrenceId: first!.occurrenceId }, { cancelledAt: '2027-04-02T09:00:00Z' });
    await outcomeRecorded(config, first!.occurrenceId, 'cancelled');
    await runAt('2027-04-03T07:00:00Z');

    const stacked = await dueOf(stackId);
    expect(stacked.map((event) => [iso(event.occurrenceAt), event.replacesOccurrenceIds])).toEqual([
      ['2027-04-01T06:00:00.000Z', []],
      ['2027-04-02T06:00:00.000Z', []],
      ['2027-04-03T06:00:00.000Z', []],
    ]);
    const replacing = await dueOf(replaceId);
    expect(replacing.map((event) => event.replacesOccurrenceIds)).toEqual([[], [replacing[0]!.occurrenceId], [replacing[1]!.occurrenceId]]);
    expect(await dueTimes(skipId)).toEqual(['2027-04-01T06:00:00.000Z', '2027-04-03T06:00:00.000Z']);
    expect(await skippedOf(skipId)).toEqual([['2027-04-02T06:00:00.000Z', PmSkipReason.OPEN_OVERLAP]]);
  });

  it('skip_if_open stops waiting for an occurrence whose work order was never reported created (refused or dead-lettered) after the confirmation timeout', async () => {
    const plan = () => createPlan({ overlap: 'skip_if_open', startsAt: '2027-09-01T00:00:00Z', endsAt: '2027-09-05T00:00:00Z', triggers: [DAILY_06] });
    const [refusedId, createdId] = [await plan(), await plan()];
    await runAt('2027-09-01T07:00:00Z', '2027-09-02T07:00:00Z');
    const [created] = await dueOf(createdId);
    await publisher.publish(topics.workOrders, WorkOrderCreatedSchema, { workOrder: { workOrderId: randomUUID(), pm: { planId: createdId, occurrenceId: created!.occurrenceId } } }, { tenantId: tenant, subject: randomUUID() });
    await outcomeRecorded(config, created!.occurrenceId, 'open');
    for (const planId of [refusedId, createdId]) expect(await skippedOf(planId)).toEqual([['2027-09-02T06:00:00.000Z', PmSkipReason.OPEN_OVERLAP]]);
    // More than the timeout (an hour) since they were generated: only the one with a work order still holds.
    await ownerQuery(config, `update pm_occurrences set created_at = created_at - interval '61 minutes' where plan_id = any($1::uuid[])`, [[refusedId, createdId]]);
    await runAt('2027-09-03T07:00:00Z');
    expect(await dueTimes(refusedId)).toEqual(['2027-09-01T06:00:00.000Z', '2027-09-03T06:00:00.000Z']);
    expect(await dueTimes(createdId)).toEqual(['2027-09-01T06:00:00.000Z']);
  });

  it('missed: skip_and_log generates the newest and logs the count; catch_up_one also generates the newest missed one', async () => {
    const plan = (missed: string) => createPlan({ missed, startsAt: '2027-04-10T00:00:00Z', endsAt: '2027-04-20T00:00:00Z', triggers: [DAILY_06] });
    const [logId, catchUpId] = [await plan('skip_and_log'), await plan('catch_up_one')];
    // Down from the 10th to the 14th: the 11th, 12th and 13th came due while nothing ran.
    await runAt('2027-04-10T07:00:00Z', '2027-04-14T07:00:00Z');
    expect((await dueOf(logId)).map((event) => [iso(event.occurrenceAt), event.catchUp])).toEqual([
      ['2027-04-10T06:00:00.000Z', false],
      ['2027-04-14T06:00:00.000Z', false],
    ]);
    expect(await missedOf(logId)).toEqual([[3, '2027-04-11T06:00:00.000Z', '2027-04-13T06:00:00.000Z']]);
    expect((await dueOf(catchUpId)).map((event) => [iso(event.occurrenceAt), event.catchUp])).toEqual([
      ['2027-04-10T06:00:00.000Z', false],
      ['2027-04-13T06:00:00.000Z', true],
      ['2027-04-14T06:00:00.000Z', false],
    ]);
    expect(await missedOf(catchUpId)).toEqual([[2, '2027-04-11T06:00:00.000Z', '2027-04-12T06:00:00.000Z']]);
  });

  it('a paused plan generates nothing; on resume what came due meanwhile follows its missed policy', async () => {
    const planId = await createPlan({ missed: 'skip_and_log', startsAt: '2027-10-01T00:00:00Z', endsAt: '2027-10-10T00:00:00Z', triggers: [DAILY_06] });
    const url = `/api/v1/pm-plans/${planId}`;
    await runAt('2027-10-01T07:00:00Z');
    await service.http().post(`${url}/pause`).set('Authorization', planner).expect(200);
    await runAt(...daily('2027-10-02T07:00:00Z', '2027-10-04T07:00:00Z'));
    expect(await dueTimes(planId)).toEqual(['2027-10-01T06:00:00.000Z']);
    await service.http().post(`${url}/resume`).set('Authorization', planner).expect(200);
    await runAt('2027-10-05T07:00:00Z');
    expect(await dueTimes(planId)).toEqual(['2027-10-01T06:00:00.000Z', '2027-10-05T06:00:00.000Z']);
    expect(await missedOf(planId)).toEqual([[3, '2027-10-02T06:00:00.000Z', '2027-10-04T06:00:00.000Z']]);
  });

  it('skips every 3rd occurrence, and everything outside the season', async () => {
    const skipEveryId = await createPlan({ skipEvery: 3, startsAt: '2027-04-21T00:00:00Z', endsAt: '2027-04-27T00:00:00Z', triggers: [DAILY_06] });
    const seasonalId = await createPlan({ seasons: [{ from: '06-10', to: '06-12' }], startsAt: '2027-06-08T00:00:00Z', endsAt: '2027-06-14T12:00:00Z', triggers: [DAILY_06] });
    await runAt(...daily('2027-04-21T07:00:00Z', '2027-04-26T07:00:00Z'), ...daily('2027-06-08T07:00:00Z', '2027-06-14T07:00:00Z'));
    expect(await dueTimes(skipEveryId)).toEqual(['2027-04-21T06:00:00.000Z', '2027-04-22T06:00:00.000Z', '2027-04-24T06:00:00.000Z', '2027-04-25T06:00:00.000Z']);
    expect(await skippedOf(skipEveryId)).toEqual([
      ['2027-04-23T06:00:00.000Z', PmSkipReason.SKIP_EVERY],
      ['2027-04-26T06:00:00.000Z', PmSkipReason.SKIP_EVERY],
    ]);
    expect(await dueTimes(seasonalId)).toEqual(['2027-06-10T06:00:00.000Z', '2027-06-11T06:00:00.000Z', '2027-06-12T06:00:00.000Z']);
    expect(await skippedOf(seasonalId)).toEqual([
      ['2027-06-08T06:00:00.000Z', PmSkipReason.SEASON],
      ['2027-06-09T06:00:00.000Z', PmSkipReason.SEASON],
      ['2027-06-13T06:00:00.000Z', PmSkipReason.SEASON],
      ['2027-06-14T06:00:00.000Z', PmSkipReason.SEASON],
    ]);
  });

  it('working calendar: a holiday and the weekend are skipped, or moved to the previous or next working day at the same time', async () => {
    // Monday 3 May to Monday 10 May 2027; Wednesday the 5th is a holiday; Saturday and Sunday are off.
    const planOn = async (nonWorkingDayRule: string) => {
      const calendar = await service
        .http()
        .post('/api/v1/pm-calendars')
        .set('Authorization', planner)
        .send({ name: `Plant ${nonWorkingDayRule}`, workingDays: [1, 2, 3, 4, 5], holidays: ['2027-05-05'], nonWorkingDayRule })
        .expect(201);
      return createPlan({ calendarId: calendar.body.id, startsAt: '2027-05-03T00:00:00Z', endsAt: '2027-05-10T12:00:00Z', triggers: [DAILY_06] });
    };
    const [skipId, previousId, nextId] = [await planOn('skip'), await planOn('previous_working_day'), await planOn('next_working_day')];
    await runAt(...daily('2027-05-03T07:00:00Z', '2027-05-10T07:00:00Z'));
    const placed = async (planId: string) => (await dueOf(planId)).map((event) => `${iso(event.occurrenceAt)!.slice(5, 10)}->${iso(event.plannedStartAt)!.slice(5, 16)}`);
    expect(await placed(skipId)).toEqual(['05-03->05-03T06:00', '05-04->05-04T06:00', '05-06->05-06T06:00', '05-07->05-07T06:00', '05-10->05-10T06:00']);
    expect(await skippedOf(skipId)).toEqual([
      ['2027-05-05T06:00:00.000Z', PmSkipReason.HOLIDAY],
      ['2027-05-08T06:00:00.000Z', PmSkipReason.NON_WORKING_DAY],
      ['2027-05-09T06:00:00.000Z', PmSkipReason.NON_WORKING_DAY],
    ]);
    expect(await placed(previousId)).toEqual([
      '05-03->05-03T06:00',
      '05-04->05-04T06:00',
      '05-05->05-04T06:00',
      '05-06->05-06T06:00',
      '05-07->05-07T06:00',
      '05-08->05-07T06:00',
      '05-09->05-07T06:00',
      '05-10->05-10T06:00',
    ]);
    expect(await placed(nextId)).toEqual([
      '05-03->05-03T06:00',
      '05-04->05-04T06:00',
      '05-05->05-06T06:00',
      '05-06->05-06T06:00',
      '05-07->05-07T06:00',
      '05-08->05-10T06:00',
      '05-09->05-10T06:00',
      '05-10->05-10T06:00',
    ]);
    expect(await skippedOf(previousId)).toEqual([]);
    expect(await skippedOf(nextId)).toEqual([]);
  });

  it('trigger now: a manual occurrence with its own id, not held back by skip_if_open', async () => {
    const planId = await createPlan({ overlap: 'skip_if_open', startsAt: '2027-01-11T00:00:00Z', endsAt: '2027-01-12T00:00:00Z', triggers: [DAILY_06] });
    await runAt('2027-01-11T07:00:00Z');
    const triggered = await service.http().post(`/api/v1/pm-plans/${planId}/trigger`).set('Authorization', planner).send({}).expect(200);
    const due = await dueOf(planId);
    expect(due.map((event) => event.trigger)).toEqual([PmTriggerKind.CALENDAR, PmTriggerKind.MANUAL]);
    expect(triggered.body.occurrenceIds).toEqual([due[1]!.occurrenceId]);
  });

  it('compliance per plan, per location subtree and overall against hand-computed figures', async () => {
    const complianceTenant = randomUUID();
    const token = `Bearer ${await tokenFor(config, complianceTenant, ['planner'])}`;
    const plantId = randomUUID();
    const pumpId = await knownAsset(config, complianceTenant, { locationPath: [plantId] });
    const compressorId = await knownAsset(config, complianceTenant, { locationPath: [randomUUID()] });
    // Weekly on Mondays at 06:00, due 08:00: grace = 20 % of 7 days = 33 h 36 min after the due time.
    const weeklyId = await createPlan(
      { target: { assetIds: [pumpId] }, startsAt: '2027-02-01T00:00:00Z', endsAt: '2027-02-23T00:00:00Z', dueOffset: 'PT2H', triggers: [{ kind: 'calendar', rule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=6;BYMINUTE=0' }] },
      token,
    );
    // A meter plan has no time interval, so no grace: its occurrence of 2 June 2026 (due 02:00) is missed.
    const meterPlanId = await createPlan({ target: { assetIds: [compressorId] }, startsAt: '2026-01-01T00:00:00Z', dueOffset: 'PT2H', triggers: [{ kind: 'meter_interval', unit: 'h', every: 100 }] }, token);
    await publishReadings(publisher, topics, complianceTenant, { meterId: randomUUID(), assetId: compressorId }, [
      [1000, '2026-06-01T00:00:00Z'],
      [1100, '2026-06-02T00:00:00Z'],
    ]);
    await readingApplied(config, meterPlanId, '2026-06-02T00:00:00Z');
    await runAt('2027-02-01T07:00:00Z', '2027-02-08T07:00:00Z', '2027-02-15T07:00:00Z', '2027-02-22T07:00:00Z');
    const weekly = (await dueOf(weeklyId)).map((event) => ({ planId: weeklyId, occurrenceId: event.occurrenceId }));
    expect(weekly).toHaveLength(4);
    const [onTime, late, cancelled] = weekly;
    await publishWorkOrderOutcome(publisher, topics, complianceTenant, onTime!, { completedAt: '2027-02-02T12:00:00Z' }); // deadline 02-02 17:36
    await publishWorkOrderOutcome(publisher, topics, complianceTenant, late!, { completedAt: '2027-02-09T18:00:00Z' }); // deadline 02-09 17:36
    await publishWorkOrderOutcome(publisher, topics, complianceTenant, cancelled!, { cancelledAt: '2027-02-16T09:00:00Z' });
    await outcomeRecorded(config, cancelled!.occurrenceId, 'cancelled');
    await outcomeRecorded(config, late!.occurrenceId, 'completed');
    await outcomeRecorded(config, onTime!.occurrenceId, 'completed');
    const [missed] = await dueOf(meterPlanId);

    const report = async (path: string) => (await service.http().get(path).set('Authorization', token).expect(200)).body;
    const figures = (body: Record<string, unknown>) => [body.due, body.onTime, body.late, body.missed, body.openInGrace, body.cancelled, body.compliance];
    const ofPlan = await report(`/api/v1/pm-plans/${weeklyId}/compliance?from=2027-02-01T00:00:00Z&to=2027-03-01T00:00:00Z`);
    // On time 1, late 1; the cancelled one and the open one still in its grace count in neither term.
    expect(figures(ofPlan)).toEqual([2, 1, 1, 0, 1, 1, 0.5]);
    expect(ofPlan.lateOccurrences.map((item: Record<string, unknown>) => [item.occurrenceId, item.dueAt, item.deadline, item.completedAt])).toEqual([
      [late!.occurrenceId, '2027-02-08T08:00:00.000Z', '2027-02-09T17:36:00.000Z', '2027-02-09T18:00:00.000Z'],
    ]);
    const ofPlant = await report(`/api/v1/pm-plans/compliance?from=2026-06-01T00:00:00Z&to=2027-03-01T00:00:00Z&location=${plantId}`);
    expect(figures(ofPlant)).toEqual([2, 1, 1, 0, 1, 1, 0.5]);
    const overall = await report('/api/v1/pm-plans/compliance?from=2026-06-01T00:00:00Z&to=2027-03-01T00:00:00Z');
    expect(figures(overall).slice(0, 6)).toEqual([3, 1, 1, 1, 1, 1]);
    expect(overall.compliance).toBeCloseTo(0.3333, 4);
    expect(overall.missedOccurrences.map((item: Record<string, unknown>) => [item.occurrenceId, item.dueAt, item.deadline])).toEqual([
      [missed!.occurrenceId, '2026-06-02T02:00:00.000Z', '2026-06-02T02:00:00.000Z'],
    ]);
  });
});
