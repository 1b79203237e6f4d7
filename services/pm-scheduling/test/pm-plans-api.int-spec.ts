import { randomUUID } from 'node:crypto';
import { PmPlanCreatedSchema } from '@mate/contracts';
import type { PmSchedulingConfig } from '../src/config/pm-scheduling.config';
import { knownAsset, outboxEvents, ownerQuery, prepareTestConfig, startPmScheduling, testTopics, tokenFor, type PmTestApp } from './support/pm-test-app';

/** The plan and calendar API against the real database (no broker needed: events are read from the outbox). */
describe('PM plans API (PostgreSQL)', () => {
  const tenant = randomUUID();
  let config: PmSchedulingConfig;
  let service: PmTestApp;
  let planner: string;
  let technician: string;
  let stranger: string;
  let assetId: string;

  beforeAll(async () => {
    config = await prepareTestConfig('api');
    service = await startPmScheduling(config, { topics: testTopics('api'), consume: false, messaging: { relay: { enabled: false } } });
    planner = `Bearer ${await tokenFor(config, tenant, ['planner'])}`;
    technician = `Bearer ${await tokenFor(config, tenant, ['technician'], 'tech-1')}`;
    stranger = `Bearer ${await tokenFor(config, randomUUID(), ['planner'], 'other-1')}`;
    assetId = await knownAsset(config, tenant);
  });

  afterAll(async () => {
    await service?.close();
  });

  const http = () => service.http();
  const plan = (overrides: Record<string, unknown> = {}) => ({
    title: 'Daily pump check',
    template: { priority: 'high', estimatedDurationMinutes: 30, checklist: [{ label: 'Check seal', kind: 'inspection' }] },
    target: { assetIds: [assetId] },
    zone: 'Europe/Berlin',
    startsAt: '2026-03-01T00:00:00Z',
    triggers: [{ kind: 'calendar', rule: 'FREQ=DAILY;BYHOUR=6;BYMINUTE=0' }],
    ...overrides,
  });
  const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((error) => error.field);

  it('creates a plan with one stream per asset, reads it back with its ETag, and records PmPlanCreated', async () => {
    const created = await http().post('/api/v1/pm-plans').set('Authorization', planner).send(plan()).expect(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({ title: 'Daily pump check', version: 1, active: true, overlap: 'skip_if_open', missed: 'skip_and_log', leadTime: 'PT0S' });
    const read = await http().get(`/api/v1/pm-plans/${created.body.id}`).set('Authorization', technician).expect(200);
    expect(read.body).toEqual(created.body);
    const streams = await ownerQuery<{ asset_id: string; next_due_at: Date }>(config, 'select asset_id, next_due_at from pm_streams where plan_id = $1', [created.body.id]);
    expect(streams.map((stream) => stream.asset_id)).toEqual([assetId]);
    expect(streams[0]!.next_due_at).not.toBeNull();
    const events = await outboxEvents(config, PmPlanCreatedSchema, created.body.id);
    expect(events.map((event) => [event.plan?.planId, event.createdBy])).toEqual([[created.body.id, 'planner-1']]);
  });

  it.each([
    ['an invalid recurrence rule', { triggers: [{ kind: 'calendar', rule: 'FREQ=DAILY;BYHOUR=25' }] }, ['triggers.0.rule']],
    ['an unknown zone', { zone: 'Mars/Olympus_Mons' }, ['zone']],
    ['a zero meter interval', { triggers: [{ kind: 'meter_interval', unit: 'h', every: 0 }] }, ['triggers.0.every']],
    ['a negative meter interval', { triggers: [{ kind: 'meter_interval', unit: 'h', every: -5 }] }, ['triggers.0.every']],
    ['a reset level on the wrong side', { triggers: [{ kind: 'meter_threshold', unit: 'bar', direction: 'above', value: 8, resetAt: 9 }] }, ['triggers.0.resetAt']],
    ['a season that never opens', { endsAt: '2026-05-01T00:00:00Z', seasons: [{ from: '06-01', to: '08-31' }] }, ['seasons.0']],
    ['an unknown asset', { target: { assetIds: [randomUUID()] } }, ['target.assetIds.0']],
    ['a meter trigger without its meter', { triggers: [{ kind: 'meter_interval', every: 100 }] }, ['triggers.0.meterId']],
  ])('refuses %s with 400 naming the field, creating nothing', async (_case, overrides, fields) => {
    const before = await ownerQuery(config, 'select count(*)::int as n from pm_plans');
    const response = await http().post('/api/v1/pm-plans').set('Authorization', planner).send(plan(overrides)).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(response.body)).toEqual(fields);
    expect(await ownerQuery(config, 'select count(*)::int as n from pm_plans')).toEqual(before);
  });

  it('refuses another tenant\'s asset as unknown, and hides plans from other tenants (404)', async () => {
    const theirs = await knownAsset(config, randomUUID());
    const refused = await http().post('/api/v1/pm-plans').set('Authorization', planner).send(plan({ target: { assetIds: [theirs] } })).expect(400);
    expect(fieldsOf(refused.body)).toEqual(['target.assetIds.0']);
    const created = await http().post('/api/v1/pm-plans').set('Authorization', planner).send(plan()).expect(201);
    await http().get(`/api/v1/pm-plans/${created.body.id}`).set('Authorization', stranger).expect(404);
  });

  it('lets technicians read but not write', async () => {
    await http().post('/api/v1/pm-plans').set('Authorization', technician).send(plan()).expect(403);
    await http().get('/api/v1/pm-plans').set('Authorization', technician).expect(200);
  });

  it('replaces with If-Match, answers 412 to a stale one, pauses and resumes', async () => {
    const created = await http().post('/api/v1/pm-plans').set('Authorization', planner).send(plan()).expect(201);
    const url = `/api/v1/pm-plans/${created.body.id}`;
    const replaced = await http().put(url).set('Authorization', planner).set('If-Match', '"1"').send(plan({ title: 'Renamed' })).expect(200);
    expect([replaced.headers.etag, replaced.body.title]).toEqual(['"2"', 'Renamed']);
    const stale = await http().put(url).set('Authorization', planner).set('If-Match', '"1"').send(plan()).expect(412);
    expect(stale.body.code).toBe('VERSION_MISMATCH');
    const paused = await http().post(`${url}/pause`).set('Authorization', planner).set('If-Match', '"2"').expect(200);
    expect(paused.body).toMatchObject({ active: false, version: 3 });
    expect(await ownerQuery(config, 'select plan_active from pm_streams where plan_id = $1', [created.body.id])).toEqual([{ plan_active: false }]);
    await http().post(`${url}/resume`).set('Authorization', planner).expect(200);
    await http().delete(url).set('Authorization', planner).set('If-Match', '"1"').expect(412);
    await http().delete(url).set('Authorization', planner).expect(204);
    await http().get(url).set('Authorization', planner).expect(404);
  });

  it('previews a saved plan and an unsaved body at 06:00 Berlin time across the spring change', async () => {
    const body = plan({ startsAt: '2026-03-28T00:00:00Z', endsAt: '2026-04-30T00:00:00Z' });
    const unsaved = await http().post('/api/v1/pm-plans/preview?count=3').set('Authorization', planner).send(body).expect(200);
    // From now on the plan's occurrences are all in the future; the start is in the past, so count from today.
    for (const item of unsaved.body.items as Array<{ occurrenceAt: string }>) {
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(new Date(item.occurrenceAt));
      expect(local).toBe('06:00');
    }
    // Summer time starts on 31 March 2030: 06:00 is 05:00 UTC the day before, 04:00 UTC that day.
    const saved = await http().post('/api/v1/pm-plans').set('Authorization', planner).send(plan({ startsAt: '2030-03-30T00:00:00Z' })).expect(201);
    const preview = await http().get(`/api/v1/pm-plans/${saved.body.id}/preview?count=2`).set('Authorization', technician).expect(200);
    expect(preview.body.items.map((item: { occurrenceAt: string }) => item.occurrenceAt)).toEqual(['2030-03-30T05:00:00.000Z', '2030-03-31T04:00:00.000Z']);
  });

  it('keeps tenant calendars with ETags and refuses deleting one a plan uses', async () => {
    const calendar = await http()
      .post('/api/v1/pm-calendars')
      .set('Authorization', planner)
      .send({ name: 'Plant', workingDays: [1, 2, 3, 4, 5], holidays: ['2030-12-25'], nonWorkingDayRule: 'next_working_day' })
      .expect(201);
    const bad = await http().post('/api/v1/pm-calendars').set('Authorization', planner).send({ name: 'X', workingDays: [8], holidays: [], nonWorkingDayRule: 'skip' }).expect(400);
    expect(fieldsOf(bad.body)).toEqual(['workingDays']);
    await http().post('/api/v1/pm-plans').set('Authorization', planner).send(plan({ calendarId: calendar.body.id })).expect(201);
    await http().delete(`/api/v1/pm-calendars/${calendar.body.id}`).set('Authorization', planner).expect(409);
    const unknownCalendar = await http().post('/api/v1/pm-plans').set('Authorization', planner).send(plan({ calendarId: randomUUID() })).expect(400);
    expect(fieldsOf(unknownCalendar.body)).toEqual(['calendarId']);
  });
});
