import { randomUUID } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import { PmPlanCreatedSchema } from '@mate/contracts';
import { readCsvRecords } from '@mate/service-kit';
import { expectEventually, readTopic } from '@mate/testing';
import type { PmSchedulingConfig } from '../src/config/pm-scheduling.config';
import { knownAsset, ownerQuery, prepareTestConfig, startPmScheduling, testTopics, tokenFor, type PmTestApp, type TestTopics } from './support/pm-test-app';

const READ_ONLY = ['id', 'version', 'createdBy', 'createdAt', 'updatedAt'];

/** CSV export and import of PM plans against the real database, the PmPlanCreated events on the real broker. */
describe('PM plans CSV export and import (PostgreSQL, Kafka)', () => {
  const tenant = randomUUID();
  let config: PmSchedulingConfig;
  let topics: TestTopics;
  let service: PmTestApp;
  let planner: string;
  let technician: string;
  let assets: string[];

  beforeAll(async () => {
    config = await prepareTestConfig('csv');
    topics = testTopics('csv');
    service = await startPmScheduling(config, { topics, consume: false });
    planner = `Bearer ${await tokenFor(config, tenant, ['planner'])}`;
    technician = `Bearer ${await tokenFor(config, tenant, ['technician'], 'tech-1')}`;
    assets = [await knownAsset(config, tenant, { category: 'pump' }), await knownAsset(config, tenant, { category: 'pump' })];
  });

  afterAll(async () => {
    await service?.close();
  });

  const http = () => service.http();
  const countPlans = async () => (await ownerQuery<{ n: number }>(config, 'select count(*)::int as n from pm_plans'))[0]!.n;
  const exportCsv = async () => {
    const response = await http().get('/api/v1/pm-plans/export').set('Authorization', technician).buffer(true).expect(200);
    expect(response.headers['content-type']).toContain('text/csv');
    return response.text;
  };
  const importCsv = (csv: string, query = '') => http().post(`/api/v1/pm-plans/import${query}`).set('Authorization', planner).set('Content-Type', 'text/csv').send(csv);
  const withoutReadOnly = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).filter(([column]) => !READ_ONLY.includes(column)));

  it('exports every plan with all its parts, and the file imports again as the same plans (PmPlanCreated on the topic)', async () => {
    const calendar = await http()
      .post('/api/v1/pm-calendars')
      .set('Authorization', planner)
      .send({ name: 'Plant', workingDays: [1, 2, 3, 4, 5], holidays: ['2027-12-25'], nonWorkingDayRule: 'next_working_day' })
      .expect(201);
    const bodies = [
      {
        title: 'Weekly pump check, "north" hall',
        template: {
          description: 'Check seals\nand bearings',
          priority: 'high',
          estimatedDurationMinutes: 45,
          assigneeIds: [randomUUID(), randomUUID()],
          teamId: randomUUID(),
          checklist: [{ label: 'Seal dry?', kind: 'inspection', required: true }, { label: 'Pressure', kind: 'number', min: '1.5', max: '8', unit: 'bar' }],
          createFollowUpOnFailedInspection: true,
        },
        target: { assetIds: assets },
        zone: 'Europe/Berlin',
        startsAt: '2027-01-04T00:00:00.000Z',
        endsAt: '2029-01-01T00:00:00.000Z',
        triggers: [
          { kind: 'calendar', rule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=6;BYMINUTE=0' },
          { kind: 'meter_interval', unit: 'h', every: 250 },
        ],
        combine: 'any',
        anchor: 'floating',
        leadTime: 'P2D',
        dueOffset: 'PT8H',
        overlap: 'replace_open',
        missed: 'catch_up_one',
        seasons: [{ from: '04-01', to: '09-30' }, { from: '11-15', to: '02-15' }],
        skipEvery: 4,
        calendarId: calendar.body.id,
      },
      {
        title: 'Pressure relief',
        template: {},
        target: { category: 'pump' },
        zone: 'Australia/Sydney',
        startsAt: '2027-02-01T00:00:00.000Z',
        triggers: [{ kind: 'meter_threshold', unit: 'bar', direction: 'above', value: 9.5, resetAt: 8 }],
        active: false,
      },
    ];
    const originals: string[] = [];
    for (const body of bodies) originals.push((await http().post('/api/v1/pm-plans').set('Authorization', planner).send(body).expect(201)).body.id);

    const exported = await exportCsv();
    const records = readCsvRecords(exported);
    expect(records.map((record) => record.id)).toEqual(originals);
    expect(records[0]).toMatchObject({ 'target.assetIds': assets.join(';'), seasons: '04-01..09-30;11-15..02-15', 'template.priority': 'high', active: 'true' });
    expect(records[1]).toMatchObject({ 'target.category': 'pump', 'target.assetIds': '', active: 'false' });

    const report = await importCsv(exported).expect(200);
    expect(report.body).toMatchObject({ mode: 'all-or-nothing', total: 2, imported: 2, failed: 0, errors: [] });
    const imported = (report.body.created as Array<{ row: number; id: string }>).map((created) => created.id);
    expect(report.body.created.map((created: { row: number }) => created.row)).toEqual([2, 3]);

    // The imported plans read back exactly as the originals, read-only columns aside.
    const again = readCsvRecords(await exportCsv());
    expect(again.map((record) => record.id)).toEqual([...originals, ...imported]);
    expect(again.slice(2).map(withoutReadOnly)).toEqual(records.map(withoutReadOnly));
    expect(await ownerQuery(config, 'select count(*)::int as n from pm_streams where plan_id = any($1)', [imported])).toEqual([{ n: 4 }]);

    await expectEventually(async () => {
      const created = (await readTopic(topics.own, { idleMs: 500 }))
        .filter(({ message }) => message.headers?.ce_type?.toString() === PmPlanCreatedSchema.typeName)
        .map(({ message }) => fromBinary(PmPlanCreatedSchema, message.value!).plan?.planId);
      expect(created).toEqual(expect.arrayContaining(imported));
    });
  });

  it('refuses a file with bad rows with 422 naming each row and field, creating nothing', async () => {
    const header = 'title,target.assetIds,zone,startsAt,triggers,template.priority';
    const good = `Good,${assets[0]},UTC,2027-01-01T00:00:00Z,"[{""kind"":""calendar"",""rule"":""FREQ=DAILY""}]",low`;
    const csv = [
      header,
      good,
      `Bad zone,${assets[0]},Mars/Olympus,2027-01-01T00:00:00Z,"[{""kind"":""calendar"",""rule"":""FREQ=DAILY""}]",low`,
      `Bad rule,${assets[0]},UTC,2027-01-01T00:00:00Z,"[{""kind"":""calendar"",""rule"":""FREQ=DAILY;BYHOUR=25""}]",urgent`,
      `Not JSON,${assets[0]},UTC,2027-01-01T00:00:00Z,FREQ=DAILY,low`,
      `Foreign asset,${await knownAsset(config, randomUUID())},UTC,2027-01-01T00:00:00Z,"[{""kind"":""calendar"",""rule"":""FREQ=DAILY""}]",low`,
      `Zero interval,${assets[0]},UTC,2027-01-01T00:00:00Z,"[{""kind"":""meter_interval"",""unit"":""h"",""every"":0}]",low`,
    ].join('\r\n');
    const plansBefore = await countPlans();

    const refused = await importCsv(csv).expect(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ total: 6, failed: 5, imported: 0 });
    expect((refused.body.errors as Array<{ row: number; field: string }>).map(({ row, field }) => [row, field])).toEqual([
      [3, 'zone'],
      [4, 'template.priority'],
      [5, 'triggers'],
      [6, 'target.assetIds.0'],
      [7, 'triggers.0.every'],
    ]);
    expect(await countPlans()).toBe(plansBefore);

    // The rule of row 4 is checked once its shape is right, as for POST /pm-plans.
    const ruleOnly = await importCsv([header, `Bad rule,${assets[0]},UTC,2027-01-01T00:00:00Z,"[{""kind"":""calendar"",""rule"":""FREQ=DAILY;BYHOUR=25""}]",low`].join('\n')).expect(422);
    expect(ruleOnly.body.errors).toEqual([expect.objectContaining({ row: 2, field: 'triggers.0.rule' })]);

    const partial = await importCsv(csv, '?mode=partial').expect(200);
    expect(partial.body).toMatchObject({ mode: 'partial', total: 6, imported: 1, failed: 5 });
    expect(await countPlans()).toBe(plansBefore + 1);
  });

  it('lets only planners import, refuses unknown columns and bodies that are not CSV', async () => {
    await http().post('/api/v1/pm-plans/import').set('Authorization', technician).set('Content-Type', 'text/csv').send('title\nX').expect(403);
    const unknown = await importCsv('title,zone,startsAt,triggers,target.assetIds,frequency\nX,UTC,2027-01-01T00:00:00Z,[],a,daily').expect(400);
    expect(unknown.body.errors.map((error: { field: string }) => error.field)).toEqual(['frequency']);
    const missing = await importCsv('title,zone,startsAt,triggers\nX,UTC,2027-01-01T00:00:00Z,[]').expect(400);
    expect(missing.body.errors.map((error: { field: string }) => error.field)).toEqual(['target.assetIds']);
    await http().post('/api/v1/pm-plans/import').set('Authorization', planner).send({ title: 'X' }).expect(415);
  });
});
