import { randomUUID } from 'node:crypto';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';

/** What a caller could write into a cursor: base64url of any JSON, or of no JSON at all. */
const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');

interface Answer {
  status: number;
  body: { errors?: Array<{ field: string; message: string }> };
}

const fields = (response: Answer) => [...new Set((response.body.errors ?? []).map((e) => e.field))];

/**
 * Forged cursors and dates that `Date` cannot read used to get through validation and fail in
 * PostgreSQL or the handlers (a 500, or a wrong day); now they answer 400 naming the field, and change nothing.
 */
describe('assets service: forged cursors and unreadable dates are refused', () => {
  let t: AssetsTestApp;
  const tenant = randomUUID();
  let admin: string;
  let siteId: string;
  let assetId: string;
  let partId: string;
  let meterId: string;
  let vendorId: string;
  const auth = () => ({ Authorization: `Bearer ${admin}` });

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_forged_input' });
    admin = await t.token(tenant, ['admin']);
    siteId = (await t.http().post('/api/v1/locations').set(auth()).send({ name: 'Site' })).body.id;
    for (const tag of ['F-1', 'F-2', 'F-3']) {
      const created = await t.http().post('/api/v1/assets').set(auth()).send({ tag, name: 'Pump', locationId: siteId });
      expect(created.status).toBe(201);
      assetId ??= created.body.id;
    }
    for (const status of ['maintenance', 'operational', 'down', 'operational']) {
      expect((await t.http().post(`/api/v1/assets/${assetId}/status`).set(auth()).send({ status, reason: 'test' })).status).toBe(200);
    }
    for (const day of ['01', '02', '03']) {
      const downtime = await t.http().post(`/api/v1/assets/${assetId}/downtimes`).set(auth()).send({
        kind: 'unplanned',
        startedAt: `2025-06-${day}T08:00:00Z`,
        endedAt: `2025-06-${day}T09:30:00+01:00`,
      });
      expect(downtime.status).toBe(201);
    }
    partId = (await t.http().post('/api/v1/parts').set(auth()).send({ sku: 'BRG-1', name: 'Bearing', unitOfMeasure: 'ea' })).body.id;
    meterId = (await t.http().post('/api/v1/meters').set(auth()).send({ assetId, name: 'Run hours', kind: 'cumulative', unit: 'h' })).body.id;
    vendorId = (await t.http().post('/api/v1/vendors').set(auth()).send({ name: 'Bearings & Co' })).body.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: string) => (await t.owner.query<{ n: number }>(`select count(*)::int as n from ${table} where tenant_id = $1`, [tenant])).rows[0].n;

  describe('cursors', () => {
    const get = (path: string, query: Record<string, string | number>) => t.http().get(path).query(query).set(auth());

    /** Asks each forged cursor and returns every answer, so a failure shows them all. */
    async function answers(path: string, forged: ReadonlyArray<readonly [string, Record<string, string>]>) {
      const all = [];
      for (const [label, query] of forged) {
        const response = await get(path, query);
        all.push({ label, status: response.status, fields: fields(response) });
      }
      return all;
    }
    const refusedAll = (forged: ReadonlyArray<readonly [string, Record<string, string>]>) =>
      forged.map(([label]) => ({ label, status: 400, fields: ['cursor'] }));

    it('answers 400 naming cursor for forged history cursors on (at, kind, id)', async () => {
      const id = randomUUID();
      const at = '2026-01-01 10:00:00.123456+00';
      const forged = [
        ['garbage', { cursor: 'not a cursor at all' }],
        ['JSON array', { cursor: forge([at, 'status', id]) }],
        ['wrong shape', { cursor: forge({ k: '-createdAt', v: at, id }) }],
        ['a number as a time', { cursor: forge({ k: 'history', at: '1', kind: 'status', id }) }],
        ['impossible day', { cursor: forge({ k: 'history', at: '2026-02-30 10:00:00+00', kind: 'status', id }) }],
        ['week date', { cursor: forge({ k: 'history', at: '2026-W05-3', kind: 'status', id }) }],
        ['unknown kind', { cursor: forge({ at, kind: 'other', id }) }],
        ['NUL in kind', { cursor: forge({ at, kind: 'sta\u0000tus', id }) }],
        ['36 dashes as id', { cursor: forge({ at, kind: 'status', id: '------------------------------------' }) }],
        ['id of the wrong type', { cursor: forge({ at, kind: 'status', id: 7 }) }],
      ] as const;
      expect(await answers(`/api/v1/assets/${assetId}/history`, forged)).toEqual(refusedAll(forged));
    });

    it('answers 400 naming cursor for forged downtime, reservation, movement and asset cursors', async () => {
      const id = randomUUID();
      const timeCursors = (k: string) =>
        [
          [`${k}: garbage`, { cursor: '%%%' }],
          [`${k}: JSON string`, { cursor: forge('page 2') }],
          [`${k}: wrong shape`, { cursor: forge({ at: '2026-01-01T00:00:00Z', id }) }],
          [`${k}: not a time`, { cursor: forge({ k, v: 'yesterday', id }) }],
          [`${k}: impossible day`, { cursor: forge({ k, v: '2026-02-30T00:00:00.000Z', id }) }],
          [`${k}: time of the wrong type`, { cursor: forge({ k, v: 1767225600000, id }) }],
          [`${k}: bad uuid`, { cursor: forge({ k, v: '2026-01-01T00:00:00.000Z', id: 'x' }) }],
          [`${k}: another sort`, { cursor: forge({ k: `-${k}`, v: '2026-01-01T00:00:00.000Z', id }) }],
        ] as const;
      const downtimes = timeCursors('startedAt');
      expect(await answers(`/api/v1/assets/${assetId}/downtimes`, downtimes)).toEqual(refusedAll(downtimes));
      const reservations = timeCursors('-createdAt');
      expect(await answers(`/api/v1/parts/${partId}/reservations`, reservations)).toEqual(refusedAll(reservations));
      const movements = [
        ['seq: not a number', { cursor: forge({ k: '-seq', v: 'abc', id }) }],
        ['seq: NaN', { cursor: forge({ k: '-seq', v: 'NaN', id }) }],
        ['seq: another sort', { cursor: forge({ k: 'seq', v: '1', id }) }],
      ] as const;
      expect(await answers(`/api/v1/parts/${partId}/movements`, movements)).toEqual(refusedAll(movements));
      const assets = [
        ['tag: NUL in the value', { cursor: forge({ k: 'tag', v: 'F\u00001', id }) }],
        ['tag: bad uuid', { cursor: forge({ k: 'tag', v: 'F-1', id: 'F-1' }) }],
        ['name: made for tag', { sort: 'name', cursor: forge({ k: 'tag', v: 'F-1', id }) }],
      ] as const;
      expect(await answers('/api/v1/assets', assets)).toEqual(refusedAll(assets));
    });

    it('still pages with the cursors it issued', async () => {
      const walk = async (path: string, query: Record<string, string | number>) => {
        const items: unknown[] = [];
        let cursor: string | null = null;
        do {
          const response = await get(path, cursor ? { ...query, cursor } : query);
          expect(response.status).toBe(200);
          items.push(...(response.body.items as unknown[]));
          cursor = response.body.nextCursor as string | null;
        } while (cursor);
        return items;
      };
      expect(await walk(`/api/v1/assets/${assetId}/history`, { limit: 2 })).toHaveLength((await get(`/api/v1/assets/${assetId}/history`, { limit: 100 })).body.items.length);
      expect(await walk(`/api/v1/assets/${assetId}/downtimes`, { limit: 1 })).toHaveLength((await get(`/api/v1/assets/${assetId}/downtimes`, { limit: 100 })).body.items.length);
      expect(((await walk('/api/v1/assets', { limit: 1, sort: '-tag' })) as Array<{ tag: string }>).map((a) => a.tag)).toEqual(['F-3', 'F-2', 'F-1']);
    });
  });

  describe('dates', () => {
    const badDays = ['2026-W05-3', '2026-123', '2026-02-30', '2023-02-29', '2026-1-05'];
    const badTimes = ['2026-W05-3', '2026-W05-3T10:00:00Z', '2026-123', '2026-123T10:00:00Z', '2026-02-30T10:00:00Z', '2025-01-01'];

    it('refuses week, ordinal and impossible days for asset dates and keeps the asset as it was', async () => {
      const before = await count('assets');
      for (const value of badDays) {
        for (const field of ['installDate', 'warrantyExpiry']) {
          const created = await t.http().post('/api/v1/assets').set(auth()).send({ tag: `BAD-${field}`, name: 'Bad', locationId: siteId, [field]: value });
          expect({ value, status: created.status, fields: fields(created) }).toEqual({ value, status: 400, fields: [field] });
          const patched = await t.http().patch(`/api/v1/assets/${assetId}`).set(auth()).send({ [field]: value });
          expect({ value, status: patched.status, fields: fields(patched) }).toEqual({ value, status: 400, fields: [field] });
        }
      }
      expect(await count('assets')).toBe(before);
      const read = await t.http().get(`/api/v1/assets/${assetId}`).set(auth());
      expect(read.body).toMatchObject({ installDate: null, warrantyExpiry: null });
      const good = await t.http().patch(`/api/v1/assets/${assetId}`).set(auth()).send({ installDate: '2024-02-29', warrantyExpiry: '2027-12-31' });
      expect(good.status).toBe(200);
      expect(good.body).toMatchObject({ installDate: '2024-02-29', warrantyExpiry: '2027-12-31' });
    });

    it('refuses them for status changes and downtime, and records nothing', async () => {
      const [statusChanges, downtimes] = [await count('asset_status_changes'), await count('downtimes')];
      for (const value of badTimes) {
        const status = await t.http().post(`/api/v1/assets/${assetId}/status`).set(auth()).send({ status: 'maintenance', at: value });
        expect({ value, status: status.status, fields: fields(status) }).toEqual({ value, status: 400, fields: ['at'] });
        for (const field of ['startedAt', 'endedAt']) {
          const body = { kind: 'planned', startedAt: '2025-07-01T08:00:00Z', endedAt: '2025-07-01T09:00:00Z', [field]: value };
          const downtime = await t.http().post(`/api/v1/assets/${assetId}/downtimes`).set(auth()).send(body);
          expect({ value, status: downtime.status, fields: fields(downtime) }).toEqual({ value, status: 400, fields: [field] });
        }
      }
      expect([await count('asset_status_changes'), await count('downtimes')]).toEqual([statusChanges, downtimes]);
    });

    it('refuses them as query parameters (availability, history, readings)', async () => {
      const query = async (path: string, field: string, value: string, extra: Record<string, string> = {}) => {
        const response = await t.http().get(path).query({ ...extra, [field]: value }).set(auth());
        return { path, field, value, status: response.status, fields: fields(response) };
      };
      const asked = [];
      const expected = [];
      for (const value of badTimes) {
        for (const [path, field, extra] of [
          [`/api/v1/assets/${assetId}/availability`, 'from', {}],
          [`/api/v1/assets/${assetId}/availability`, 'to', { from: '2025-01-01T00:00:00Z' }],
          [`/api/v1/assets/${assetId}/history`, 'before', {}],
          [`/api/v1/meters/${meterId}/readings`, 'from', {}],
          [`/api/v1/meters/${meterId}/readings`, 'to', {}],
        ] as const) {
          asked.push(await query(path, field, value, extra));
          expected.push({ path, field, value, status: 400, fields: [field] });
        }
      }
      expect(asked).toEqual(expected);
      const availability = await t.http().get(`/api/v1/assets/${assetId}/availability`).query({ from: '2025-06-01T00:00:00Z', to: '2025-06-04T00:00:00+00:00' }).set(auth());
      expect(availability.status).toBe(200);
      expect(availability.body.unplannedDowntimeSeconds).toBe(3 * 30 * 60);
    });

    it('refuses them for meter readings, one by one and in bulk, and stores no reading', async () => {
      for (const value of badTimes) {
        const reading = await t.http().post(`/api/v1/meters/${meterId}/readings`).set(auth()).send({ value: '5', readAt: value });
        expect({ value, status: reading.status, fields: fields(reading) }).toEqual({ value, status: 400, fields: ['readAt'] });
      }
      // The bulk path checks its rows by hand: 2026-02-30 used to be recorded as 2 March.
      const bulk = await t
        .http()
        .post('/api/v1/meters/readings/bulk')
        .set(auth())
        .send({ readings: ['2025-02-30T10:00:00Z', '2025-W05-3T10:00:00Z', '2025-02-29T10:00:00Z'].map((readAt, index) => ({ meterId, value: String(index + 1), readAt })) });
      expect(bulk.status).toBe(200);
      expect(bulk.body.results).toEqual([0, 1, 2].map((index) => ({ index, status: 'rejected', code: 'invalid', error: expect.stringContaining('readAt') })));
      expect(await count('meter_readings')).toBe(0);
      const good = await t.http().post(`/api/v1/meters/${meterId}/readings`).set(auth()).send({ value: '5', readAt: '2025-03-01T10:00:00+02:00' });
      expect(good.status).toBe(201);
    });

    it('refuses them for a purchase order expected date and creates no order', async () => {
      const before = await count('purchase_orders');
      for (const value of badDays) {
        const created = await t.http().post('/api/v1/purchase-orders').set(auth()).send({ vendorId, currency: 'EUR', expectedAt: value, lines: [{ partId, quantity: '2' }] });
        expect({ value, status: created.status, fields: fields(created) }).toEqual({ value, status: 400, fields: ['expectedAt'] });
      }
      expect(await count('purchase_orders')).toBe(before);
      const good = await t.http().post('/api/v1/purchase-orders').set(auth()).send({ vendorId, currency: 'EUR', expectedAt: '2028-02-29', lines: [{ partId, quantity: '2' }] });
      expect(good.status).toBe(201);
      expect(good.body.expectedAt).toBe('2028-02-29');
    });
  });
});
