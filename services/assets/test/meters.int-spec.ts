import { randomUUID } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import { MeterKind, MeterReadingRecordedSchema, topicFor } from '@mate/contracts';
import { expectEventually } from '@mate/testing';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';
import { captureTopic, type TopicCapture } from './kafka-capture';

describe('assets service: meters and readings', () => {
  let t: AssetsTestApp;
  let capture: TopicCapture;
  const tenant = randomUUID();
  let planner: string;
  let technician: string;
  let viewer: string;
  let assetId: string;

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_meters' });
    capture = await captureTopic(topicFor('assets'));
    planner = await t.token(tenant, ['planner']);
    technician = await t.token(tenant, ['technician'], 'tech-7');
    viewer = await t.token(tenant, ['viewer']);
    const location = (await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${planner}`).send({ name: 'Site' })).body.id;
    assetId = (await t.http().post('/api/v1/assets').set('Authorization', `Bearer ${planner}`).send({ tag: 'G-1', name: 'Generator', locationId: location })).body.id;
  });

  afterAll(async () => {
    await capture.stop();
    await t.close();
  });

  const meter = async (kind: 'cumulative' | 'gauge', name = `${kind} meter`) => {
    const response = await t.http().post('/api/v1/meters').set('Authorization', `Bearer ${planner}`).send({ assetId, name, kind, unit: kind === 'cumulative' ? 'h' : '°C' });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const read = (id: string, value: string, readAt: string, token = technician) =>
    t.http().post(`/api/v1/meters/${id}/readings`).set('Authorization', `Bearer ${token}`).send({ value, readAt });

  it('keeps a cumulative meter monotonic, continues from a reset baseline and keeps the lifetime total', async () => {
    const id = await meter('cumulative');
    expect((await read(id, '100', at(60))).body).toMatchObject({ status: 'recorded', delta: null, lifetimeTotal: '100' });
    expect((await read(id, '150.5', at(50))).body).toMatchObject({ status: 'recorded', delta: '50.5', lifetimeTotal: '150.5' });

    const decreasing = await read(id, '140', at(40));
    expect(decreasing.status).toBe(422);
    expect(decreasing.body.code).toBe('METER_READING_REJECTED');
    expect(decreasing.body.detail).toContain('reset');

    const reset = await t.http().post(`/api/v1/meters/${id}/resets`).set('Authorization', `Bearer ${technician}`).send({ value: '0', readAt: at(30), reason: 'meter replaced' });
    expect(reset.status).toBe(201);
    expect(reset.body).toMatchObject({ status: 'recorded', delta: '0', lifetimeTotal: '150.5' });
    expect((await read(id, '20', at(20))).body).toMatchObject({ delta: '20', lifetimeTotal: '170.5' });

    const state = await t.http().get(`/api/v1/meters/${id}`).set('Authorization', `Bearer ${viewer}`);
    expect(state.body).toMatchObject({ lastValue: '20', lifetimeTotal: '170.5', readingCount: 4 });

    await expectEventually(() => {
      const events = capture.ofTenant(tenant).filter((m) => m.key === id).map((m) => fromBinary(MeterReadingRecordedSchema, m.value));
      expect(events.map((e) => [e.value, e.delta, e.lifetimeTotal, e.isReset])).toEqual([
        ['100', '', '100', false],
        ['150.5', '50.5', '150.5', false],
        ['0', '0', '150.5', true],
        ['20', '20', '170.5', false],
      ]);
      expect(events[0]).toMatchObject({ meterId: id, assetId, kind: MeterKind.CUMULATIVE, unit: 'h' });
    });
  });

  it('is idempotent for the same meter and timestamp; a different value there is a conflict', async () => {
    const id = await meter('gauge');
    const readAt = at(5);
    const first = await read(id, '71.5', readAt);
    expect(first.status).toBe(201);
    const again = await read(id, '71.50', readAt);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ status: 'duplicate', readingId: first.body.readingId });
    const conflict = await read(id, '80', readAt);
    expect(conflict.status).toBe(409);
    const { rows } = await t.owner.query('select count(*)::int as n from meter_readings where meter_id = $1', [id]);
    expect(rows[0].n).toBe(1);
  });

  it('lets technicians record readings but not create meters (403), and hides other tenants’ meters (404)', async () => {
    const denied = await t.http().post('/api/v1/meters').set('Authorization', `Bearer ${technician}`).send({ assetId, name: 'by a technician', kind: 'gauge', unit: 'bar' });
    expect(denied.status).toBe(403);
    const id = await meter('gauge', 'tenancy');
    const stranger = await t.token(randomUUID(), ['admin']);
    expect((await t.http().get(`/api/v1/meters/${id}`).set('Authorization', `Bearer ${stranger}`)).status).toBe(404);
    expect((await read(id, '1', at(1), stranger)).status).toBe(404);
    const bulk = await t.http().post('/api/v1/meters/readings/bulk').set('Authorization', `Bearer ${stranger}`).send({ readings: [{ meterId: id, value: '1', readAt: at(1) }] });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results[0]).toMatchObject({ status: 'rejected', code: 'meter_not_found' });
    const stored = await t.owner.query('select count(*)::int as n from meter_readings where meter_id = $1', [id]);
    expect(stored.rows[0].n).toBe(0);
  });

  it('refuses a new meter on a decommissioned asset (409, since when; nothing written) and keeps its meters readable', async () => {
    const location = (await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${planner}`).send({ name: 'Scrapyard' })).body.id;
    const retired = (await t.http().post('/api/v1/assets').set('Authorization', `Bearer ${planner}`).send({ tag: 'G-OLD', name: 'Old generator', locationId: location })).body.id;
    const created = await t.http().post('/api/v1/meters').set('Authorization', `Bearer ${planner}`).send({ assetId: retired, name: 'run hours', kind: 'cumulative', unit: 'h' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await read(id, '500', at(30))).status).toBe(201);
    expect((await read(id, '520', at(10))).status).toBe(201);
    const decommissioned = await t.http().post(`/api/v1/assets/${retired}/status`).set('Authorization', `Bearer ${planner}`).send({ status: 'decommissioned', reason: 'scrapped' });
    expect(decommissioned.status).toBe(200);
    const since: string = decommissioned.body.asset.decommissionedAt;

    const refused = await t.http().post('/api/v1/meters').set('Authorization', `Bearer ${planner}`).send({ assetId: retired, name: 'oil temperature', kind: 'gauge', unit: '°C' });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('ASSET_DECOMMISSIONED');
    expect(refused.body.detail).toContain('decommissioned');
    expect(refused.body.detail).toContain(since);
    const { rows } = await t.owner.query('select id from meters where asset_id = $1', [retired]);
    expect(rows.map((r: { id: string }) => r.id)).toEqual([id]);

    // History stays visible: the meter is listed, read and its readings paged as before.
    const listed = await t.http().get('/api/v1/meters').query({ assetId: retired }).set('Authorization', `Bearer ${viewer}`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ items: [{ id, assetId: retired, name: 'run hours' }], nextCursor: null });
    const one = await t.http().get(`/api/v1/meters/${id}`).set('Authorization', `Bearer ${viewer}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id, lastValue: '520', lifetimeTotal: '520', readingCount: 2 });
    const readings = await t.http().get(`/api/v1/meters/${id}/readings`).query({ sort: 'readAt' }).set('Authorization', `Bearer ${viewer}`);
    expect(readings.status).toBe(200);
    expect(readings.body.items.map((r: { value: string }) => r.value)).toEqual(['500', '520']);

    // Readings are left alone: one dated before the decommissioning can be a legitimate late entry.
    const late = await read(id, '510', at(20));
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ status: 'recorded', delta: '10' });
  });

  it('rejects readings beyond the future skew and bad input', async () => {
    const id = await meter('gauge', 'skew');
    const future = await read(id, '1', new Date(Date.now() + 3_600_000).toISOString());
    expect(future.status).toBe(422);
    expect(future.body.detail).toContain('future');
    const bad = await t.http().post(`/api/v1/meters/${id}/readings`).set('Authorization', `Bearer ${technician}`).send({ value: 12, readAt: 'yesterday', extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['value', 'readAt', 'extra']));
    expect((await read(id, '1', at(1), viewer)).status).toBe(403);
  });

  it('places a late reading between its neighbours', async () => {
    const id = await meter('cumulative', 'backfill');
    await read(id, '10', at(30));
    await read(id, '30', at(10));
    const late = await read(id, '25', at(20));
    expect(late.body).toMatchObject({ status: 'recorded', delta: '15', lifetimeTotal: '25' });
    const tooHigh = await read(id, '35', at(15));
    expect(tooHigh.status).toBe(422);
    const readings = await t.http().get(`/api/v1/meters/${id}/readings`).query({ sort: 'readAt' }).set('Authorization', `Bearer ${viewer}`);
    expect(readings.body.items.map((r: { value: string; delta: string | null; lifetimeTotal: string }) => [r.value, r.delta, r.lifetimeTotal])).toEqual([
      ['10', null, '10'],
      ['25', '15', '25'],
      ['30', '5', '30'],
    ]);
  });

  it('keeps lifetime totals right when a late reading lands just before a reset', async () => {
    const id = await meter('cumulative', 'backfill-before-reset');
    await read(id, '100', at(40));
    await read(id, '150', at(30));
    expect((await t.http().post(`/api/v1/meters/${id}/resets`).set('Authorization', `Bearer ${technician}`).send({ value: '0', readAt: at(20) })).status).toBe(201);
    await read(id, '20', at(10));
    const late = await read(id, '160', at(25));
    expect(late.body).toMatchObject({ status: 'recorded', delta: '10', lifetimeTotal: '160' });
    const readings = await t.http().get(`/api/v1/meters/${id}/readings`).query({ sort: 'readAt' }).set('Authorization', `Bearer ${viewer}`);
    expect(readings.body.items.map((r: { value: string; delta: string | null; lifetimeTotal: string }) => [r.value, r.delta, r.lifetimeTotal])).toEqual([
      ['100', null, '100'],
      ['150', '50', '150'],
      ['160', '10', '160'],
      ['0', '0', '160'],
      ['20', '20', '180'],
    ]);
    const state = await t.http().get(`/api/v1/meters/${id}`).set('Authorization', `Bearer ${viewer}`);
    expect(state.body).toMatchObject({ lifetimeTotal: '180', readingCount: 5 });
  });

  it('answers a late reading repeated in one bulk request once recorded, then duplicate (or conflict)', async () => {
    const id = await meter('cumulative', 'backfill-twice');
    await read(id, '10', at(30));
    await read(id, '30', at(10));
    const response = await t
      .http()
      .post('/api/v1/meters/readings/bulk')
      .set('Authorization', `Bearer ${technician}`)
      .send({
        readings: [
          { meterId: id, value: '20', readAt: at(20) },
          { meterId: id, value: '20', readAt: at(20) },
          { meterId: id, value: '21', readAt: at(20) },
        ],
      });
    expect(response.status).toBe(200);
    expect(response.body.results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual(['recorded', 'duplicate', 'conflict']);
    expect(response.body.results[1].readingId).toBe(response.body.results[0].readingId);
    const { rows } = await t.owner.query('select count(*)::int as n from meter_readings where meter_id = $1', [id]);
    expect(rows[0].n).toBe(3);
  });

  it('ingests 10,000 readings in one request with a result per row, and publishes each', async () => {
    const meters = await Promise.all([meter('cumulative', 'bulk-1'), meter('gauge', 'bulk-2')]);
    const base = Date.now() - 20_000 * 1000;
    const readings: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 10_000; i++) {
      const meterId = meters[i % 2];
      readings.push({ meterId, value: i % 2 === 0 ? String(i) : (20 + (i % 7)).toFixed(1), readAt: new Date(base + i * 1000).toISOString() });
    }
    // Row problems are answered per row without failing the rest.
    readings.push({ meterId: meters[0], value: '1', readAt: new Date(base + 20_000_000).toISOString() }); // decreasing
    readings.push({ meterId: randomUUID(), value: '1', readAt: new Date(base).toISOString() }); // unknown meter
    readings.push({ meterId: meters[1], value: 'abc', readAt: new Date(base).toISOString(), colour: 'red' }); // invalid
    readings.push({ ...readings[0] }); // duplicate

    const response = await t.http().post('/api/v1/meters/readings/bulk').set('Authorization', `Bearer ${technician}`).send({ readings });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ recorded: 10_000, duplicates: 1, rejected: 3 });
    expect(response.body.results).toHaveLength(10_004);
    expect(response.body.results[10_000]).toMatchObject({ index: 10_000, status: 'rejected', code: 'decreasing' });
    expect(response.body.results[10_001]).toMatchObject({ status: 'rejected', code: 'meter_not_found' });
    expect(response.body.results[10_002]).toMatchObject({ status: 'rejected', code: 'invalid' });
    expect(response.body.results[10_002].error).toContain('colour');
    expect(response.body.results[10_003]).toMatchObject({ status: 'duplicate', readingId: response.body.results[0].readingId });

    const { rows } = await t.owner.query('select count(*)::int as n from meter_readings where meter_id = any($1)', [meters]);
    expect(rows[0].n).toBe(10_000);
    // The readings go to the database in chunks: deltas and lifetime totals stay right across them
    // (the cumulative meter climbs 0, 2, 4 …: each delta is 2 and the lifetime total is the value).
    const { rows: wrong } = await t.owner.query(
      `select count(*)::int as n from meter_readings
        where meter_id = $1 and (lifetime_total <> value or (delta is null) <> (value = 0) or delta <> 2)`,
      [meters[0]],
    );
    expect(wrong[0].n).toBe(0);
    const state = await t.http().get(`/api/v1/meters/${meters[0]}`).set('Authorization', `Bearer ${viewer}`);
    expect(state.body).toMatchObject({ lastValue: '9998', lifetimeTotal: '9998', readingCount: 5000 });

    await expectEventually(
      () => expect(capture.ofTenant(tenant).filter((m) => meters.includes(m.key)).length).toBe(10_000),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  });
});
