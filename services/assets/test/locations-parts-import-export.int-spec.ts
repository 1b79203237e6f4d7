import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromBinary } from '@bufbuild/protobuf';
import { AssetCreatedSchema, AssetDecommissionedSchema, AssetStatus, AssetStatusChangedSchema, LocationCreatedSchema, topicFor } from '@mate/contracts';
import { expectEventually } from '@mate/testing';
import { readCsvRows } from '@mate/service-kit';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';
import { captureTopic, type TopicCapture } from './kafka-capture';

interface Row {
  [column: string]: string;
}

/** A CSV export as objects by column. */
function rowsOf(csv: string): Row[] {
  const [header, ...rows] = readCsvRows(csv);
  return rows.map((cells) => Object.fromEntries(header.map((column, i) => [column, cells[i]])));
}

/** Columns that differ between tenants by nature (ids, versions, timestamps). */
const TENANT_SPECIFIC = new Set(['id', 'parentId', 'locationId', 'preferredVendorId', 'version', 'createdAt', 'updatedAt']);
function portable(rows: Row[]): Row[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !TENANT_SPECIFIC.has(column))));
}

describe('assets service: CSV import and CSV/JSON export of locations, parts and assets', () => {
  let t: AssetsTestApp;
  let capture: TopicCapture;
  const tenant = randomUUID();
  const copyTenant = randomUUID();
  const otherTenant = randomUUID();
  let admin: string;
  let planner: string;
  let viewer: string;
  let copyAdmin: string;
  let otherAdmin: string;

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_import_export' });
    capture = await captureTopic(topicFor('assets'));
    admin = await t.token(tenant, ['admin']);
    planner = await t.token(tenant, ['planner']);
    viewer = await t.token(tenant, ['viewer']);
    copyAdmin = await t.token(copyTenant, ['admin']);
    otherAdmin = await t.token(otherTenant, ['admin']);
    for (const token of [admin, copyAdmin]) {
      await post(token, '/api/v1/custom-fields', { entityType: 'location', key: 'zone', label: 'Zone', type: 'enum', options: ['clean', 'dirty'] });
      await post(token, '/api/v1/custom-fields', { entityType: 'part', key: 'grade', label: 'Grade', type: 'number' });
    }
  });

  afterAll(async () => {
    await capture.stop();
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  async function post(token: string, path: string, body: Record<string, unknown>) {
    const response = await t.http().post(path).set(auth(token)).send(body);
    expect(response.status).toBe(201);
    return response.body as { id: string };
  }
  const importCsv = (resource: 'locations' | 'parts' | 'assets', token: string, csv: string, mode?: 'partial') =>
    t.http().post(`/api/v1/${resource}/import`).query(mode ? { mode } : {}).set(auth(token)).set('Content-Type', 'text/csv').send(csv);
  const exportCsv = async (resource: 'locations' | 'parts' | 'assets', token: string, filters: Record<string, string> = {}) => {
    const response = await t.http().get(`/api/v1/${resource}/export`).query({ format: 'csv', ...filters }).set(auth(token));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${resource}.csv"`);
    return response.text;
  };
  const names = async (token: string, q: string) =>
    ((await t.http().get('/api/v1/locations').query({ q, limit: 200 }).set(auth(token))).body.items as Array<{ name: string }>).map((l) => l.name).sort();
  const skus = async (token: string, q: string) =>
    ((await t.http().get('/api/v1/parts').query({ q, limit: 200 }).set(auth(token))).body.items as Array<{ sku: string }>).map((p) => p.sku);

  describe('locations', () => {
    const header = 'name,code,kind,parentPath,parentCode,isStoreroom,address.city,address.country,latitude,longitude,cf.zone';

    it('imports a tree (parents earlier in the file by path or code) through the normal create, with its events', async () => {
      const csv =
        `${header}\r\n` +
        'North plant,NP,site,,,,Ghent,BE,51.05,3.72,clean\r\n' +
        'Hall 1,NP-H1,building,North plant,,,,,,,\r\n' +
        'Line A,,,North plant > Hall 1,NP-H1,,,,,,dirty\r\n' +
        '"Store, main",NP-ST,,,NP,true,,,,,\r\n';
      const response = await importCsv('locations', planner, csv);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ mode: 'all-or-nothing', total: 4, imported: 4, failed: 0, errors: [] });
      const [site, hall, line, store] = response.body.created as Array<{ row: number; id: string; name: string; code: string | null }>;
      expect(response.body.created.map((c: { row: number; name: string; code: string | null }) => [c.row, c.name, c.code])).toEqual([
        [2, 'North plant', 'NP'],
        [3, 'Hall 1', 'NP-H1'],
        [4, 'Line A', null],
        [5, 'Store, main', 'NP-ST'],
      ]);

      const get = async (id: string) => (await t.http().get(`/api/v1/locations/${id}`).set(auth(viewer))).body;
      expect(await get(site.id)).toMatchObject({ parentId: null, kind: 'site', address: { city: 'Ghent', country: 'BE' }, latitude: 51.05, longitude: 3.72, customFields: { zone: 'clean' } });
      expect(await get(hall.id)).toMatchObject({ parentId: site.id, kind: 'building' });
      expect(await get(line.id)).toMatchObject({ ancestorIds: [site.id, hall.id], kind: 'area', customFields: { zone: 'dirty' } });
      expect(await get(store.id)).toMatchObject({ parentId: site.id, isStoreroom: true });

      await expectEventually(() => {
        const created = capture
          .ofTenant(tenant)
          .filter((m) => m.headers.ce_type === LocationCreatedSchema.typeName)
          .map((m) => fromBinary(LocationCreatedSchema, m.value));
        // One event per row, keyed by location (partitions do not keep the order between them).
        expect(created.map((e) => [e.locationId, e.name, e.ancestorIds]).sort()).toEqual(
          [
            [site.id, 'North plant', []],
            [hall.id, 'Hall 1', [site.id]],
            [line.id, 'Line A', [site.id, hall.id]],
            [store.id, 'Store, main', [site.id]],
          ].sort(),
        );
      });
    });

    it('imports nothing from a file with one bad row and names its line and field', async () => {
      const csv = `${header}\r\nSouth plant,SP,site,,,,,,,,\r\nHall 2,,building,South plant,,,,,95,,\r\nHall 3,,building,South plant,,,,,,,\r\n`;
      const rejected = await importCsv('locations', planner, csv);
      expect(rejected.status).toBe(422);
      expect(rejected.headers['content-type']).toMatch(/problem\+json/);
      expect(rejected.body).toMatchObject({ total: 3, failed: 1, imported: 0 });
      expect(rejected.body.errors).toEqual([{ row: 3, field: 'latitude', message: expect.stringContaining('latitude') }]);
      expect(await names(viewer, 'South')).toEqual([]);
      expect(await names(viewer, 'Hall 3')).toEqual([]);
    });

    it('in partial mode imports the good rows and reports the others (a child of a failed row fails too)', async () => {
      const csv =
        `${header}\r\n` +
        'West plant,WP,site,,,,,,,,\r\n' +
        'Bad zone,,,West plant,,,,,,,muddy\r\n' +
        'Nowhere child,,,Bad zone,,,,,,,\r\n' +
        'Wrong code,,,West plant,NP,,,,,,\r\n' +
        'West hall,WP-H,building,,WP,,,,,,\r\n';
      const partial = await importCsv('locations', admin, csv, 'partial');
      expect(partial.status).toBe(200);
      expect(partial.body).toMatchObject({ mode: 'partial', total: 5, imported: 2, failed: 3 });
      expect(partial.body.errors.map((e: { row: number; field?: string }) => [e.row, e.field])).toEqual([
        [3, 'customFields.zone'],
        [4, 'parentPath'],
        [5, 'parentCode'],
      ]);
      expect(await names(viewer, 'West')).toEqual(['West hall', 'West plant']);
    });

    it('refuses unknown columns and callers who may not edit the register', async () => {
      const unknown = await importCsv('locations', admin, 'name,colour\r\nX,red\r\n');
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].field).toBe('colour');
      const repeated = await importCsv('locations', admin, 'name,code,name\r\nX,Y,Z\r\n');
      expect(repeated.status).toBe(400);
      expect(repeated.body.errors).toEqual([{ field: 'name', message: 'the column "name" appears more than once' }]);
      const missing = await importCsv('locations', admin, 'code\r\nX\r\n');
      expect(missing.status).toBe(400);
      expect(missing.body.errors[0].field).toBe('name');
      expect((await importCsv('locations', viewer, `${header}\r\nX,,,,,,,,,,\r\n`)).status).toBe(403);
      const notCsv = await t.http().post('/api/v1/locations/import').set(auth(admin)).send({ name: 'X' });
      expect(notCsv.status).toBe(415);
      // A type no parser of the route reads is refused by the chassis before the handler, naming what the import takes.
      const form = await t.http().post('/api/v1/locations/import').set(auth(admin)).set('Content-Type', 'application/x-www-form-urlencoded').send('name=X');
      expect(form.status).toBe(415);
      expect(form.body.detail).toBe('the request body must be text/csv');
    });

    it('exports CSV and JSON with the list filters; the CSV imports into another tenant unchanged', async () => {
      const json = await t.http().get('/api/v1/locations/export').query({ kind: 'building' }).set(auth(viewer));
      expect(json.status).toBe(200);
      expect(json.headers['content-type']).toMatch(/^application\/json/);
      expect(json.body.items.map((l: { name: string }) => l.name).sort()).toEqual(['Hall 1', 'West hall']);

      const csv = await exportCsv('locations', viewer);
      const rows = rowsOf(csv);
      // Tree order: every parent before its children.
      rows.forEach((row, i) => {
        if (row.parentId) expect(rows.findIndex((r) => r.id === row.parentId)).toBeLessThan(i);
      });
      expect(rows.find((r) => r.name === 'Line A')).toMatchObject({ parentPath: 'North plant > Hall 1', parentCode: 'NP-H1', 'cf.zone': 'dirty', kind: 'area', depth: '2' });
      expect(rows.find((r) => r.name === 'North plant')).toMatchObject({ parentPath: '', 'address.city': 'Ghent', latitude: '51.05', longitude: '3.72' });

      const copy = await importCsv('locations', copyAdmin, csv);
      expect(copy.status).toBe(200);
      expect(copy.body.imported).toBe(rows.length);
      expect(portable(rowsOf(await exportCsv('locations', copyAdmin))).sort(byName)).toEqual(portable(rows).sort(byName));
    });
  });

  describe('parts', () => {
    const header = 'sku,name,unitOfMeasure,unitCost,description,preferredVendor,cf.grade';
    let acme: string;

    beforeAll(async () => {
      acme = (await post(admin, '/api/v1/vendors', { name: 'Acme Bearings' })).id;
      await post(admin, '/api/v1/vendors', { name: 'Twin' });
      await post(admin, '/api/v1/vendors', { name: 'twin' });
      await post(copyAdmin, '/api/v1/vendors', { name: 'ACME bearings' });
    });

    it('imports parts with the preferred vendor by name, through the normal create', async () => {
      const csv = `${header}\r\nBRG-6204,"Bearing 6204-2RS, sealed",ea,12.50,,acme bearings,2\r\nOIL-15W40,Engine oil,l,4.2,"says ""hi""",,\r\n`;
      const response = await importCsv('parts', planner, csv);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 2, imported: 2, failed: 0 });
      expect(response.body.created.map((c: { row: number; sku: string }) => [c.row, c.sku])).toEqual([[2, 'BRG-6204'], [3, 'OIL-15W40']]);
      const bearing = await t.http().get(`/api/v1/parts/${response.body.created[0].id}`).set(auth(viewer));
      expect(bearing.body).toMatchObject({ name: 'Bearing 6204-2RS, sealed', unitOfMeasure: 'ea', unitCost: '12.5', preferredVendorId: acme, customFields: { grade: 2 } });
      const oil = await t.http().get(`/api/v1/parts/${response.body.created[1].id}`).set(auth(viewer));
      expect(oil.body).toMatchObject({ description: 'says "hi"', preferredVendorId: null, customFields: {} });
    });

    it('imports nothing from a file with one bad row and names its line and field', async () => {
      const csv = `${header}\r\nFLT-1,Filter,ea,3,,,\r\nFLT-2,Filter 2,ea,-1,,,\r\nFLT-3,Filter 3,ea,3,,,\r\n`;
      const rejected = await importCsv('parts', planner, csv);
      expect(rejected.status).toBe(422);
      expect(rejected.body).toMatchObject({ total: 3, failed: 1, imported: 0 });
      expect(rejected.body.errors).toEqual([{ row: 3, field: 'unitCost', message: expect.stringContaining('unitCost') }]);
      expect(await skus(viewer, 'FLT-')).toEqual([]);
    });

    it('in partial mode imports the good rows and reports the others', async () => {
      const csv =
        `${header}\r\n` +
        'BLT-1,Belt,ea,8,,,\r\n' +
        'BLT-1,Belt again,ea,8,,,\r\n' +
        'BLT-2,Belt 2,ea,8,,Nobody,\r\n' +
        'BLT-3,Belt 3,ea,8,,twin,\r\n' +
        'BLT-4,Belt 4,ea,8,,,heavy\r\n' +
        'BLT-5,Belt 5,ea,8,,Acme Bearings,1.5\r\n';
      const partial = await importCsv('parts', admin, csv, 'partial');
      expect(partial.status).toBe(200);
      expect(partial.body).toMatchObject({ mode: 'partial', total: 6, imported: 2, failed: 4 });
      expect(partial.body.errors.map((e: { row: number; field?: string }) => [e.row, e.field])).toEqual([
        [3, undefined],
        [4, 'preferredVendor'],
        [5, 'preferredVendor'],
        [6, 'customFields.grade'],
      ]);
      expect(partial.body.errors[0].message).toContain('BLT-1');
      expect(await skus(viewer, 'BLT-')).toEqual(['BLT-1', 'BLT-5']);
    });

    it('exports CSV and JSON with the list filters; the CSV imports into another tenant unchanged', async () => {
      const json = await t.http().get('/api/v1/parts/export').query({ preferredVendorId: acme }).set(auth(viewer));
      expect(json.status).toBe(200);
      expect(json.body.items.map((p: { sku: string }) => p.sku)).toEqual(['BLT-5', 'BRG-6204']);
      const filtered = rowsOf(await exportCsv('parts', viewer, { cf: 'grade:gte:2' }));
      expect(filtered.map((r) => r.sku)).toEqual(['BRG-6204']);

      const csv = await exportCsv('parts', viewer);
      const rows = rowsOf(csv);
      expect(rows.map((r) => r.sku)).toEqual(['BLT-1', 'BLT-5', 'BRG-6204', 'OIL-15W40']);
      expect(rows[2]).toMatchObject({ preferredVendorId: acme, preferredVendor: 'Acme Bearings', unitCost: '12.5', 'cf.grade': '2' });

      // The other tenant's vendor of that name (any case) becomes the preferred vendor.
      const copy = await importCsv('parts', copyAdmin, csv);
      expect(copy.status).toBe(200);
      const copied = rowsOf(await exportCsv('parts', copyAdmin));
      expect(portable(copied).map((r) => ({ ...r, preferredVendor: r.preferredVendor.toLowerCase() }))).toEqual(
        portable(rows).map((r) => ({ ...r, preferredVendor: r.preferredVendor.toLowerCase() })),
      );
    });

    it('imports and exports more rows than one export batch (1,000)', async () => {
      const count = 1_234;
      const lines = Array.from({ length: count }, (_, i) => `BULK-${String(i).padStart(5, '0')},Bulk part ${i},ea,${i}.25`);
      const imported = await importCsv('parts', admin, `sku,name,unitOfMeasure,unitCost\r\n${lines.join('\r\n')}\r\n`);
      expect(imported.status).toBe(200);
      expect(imported.body.imported).toBe(count);

      const json = await t.http().get('/api/v1/parts/export').query({ q: 'BULK-' }).set(auth(viewer));
      expect(json.status).toBe(200);
      const items = json.body.items as Array<{ sku: string; unitCost: string }>;
      expect(items).toHaveLength(count);
      expect(items.map((p) => p.sku)).toEqual(lines.map((line) => line.split(',')[0]));
      expect(items[count - 1].unitCost).toBe(`${count - 1}.25`);
      const csv = rowsOf(await exportCsv('parts', viewer, { q: 'BULK-' }));
      expect(csv.map((r) => r.sku)).toEqual(items.map((p) => p.sku));
    });
  });

  describe('assets', () => {
    // After the locations: the tenant and the copy have the same tree (North plant > Hall 1 > Line A, …), with other ids.
    const locationId = async (token: string, name: string) =>
      ((await t.http().get('/api/v1/locations').query({ q: name }).set(auth(token))).body.items as Array<{ id: string; name: string }>).find((l) => l.name === name)?.id as string;
    const assetsByTag = async (token: string) =>
      new Map(((await t.http().get('/api/v1/assets').query({ limit: 200 }).set(auth(token))).body.items as Array<{ id: string; tag: string }>).map((a) => [a.tag, a]));
    const decommission = async (id: string) => expect((await t.http().post(`/api/v1/assets/${id}/status`).set(auth(admin)).send({ status: 'decommissioned' })).status).toBe(200);

    beforeAll(async () => {
      for (const token of [admin, copyAdmin]) await post(token, '/api/v1/custom-fields', { entityType: 'asset', key: 'rating', label: 'Rating', type: 'number', unit: 'kW' });
      const lineA = await locationId(admin, 'Line A');
      const pump = await post(admin, '/api/v1/assets', { tag: 'PUMP-2', name: 'Feed pump', locationId: lineA, criticality: 'A', installDate: '2024-03-01', purchaseCost: '12500.50', customFields: { rating: 7.5 } });
      await post(admin, '/api/v1/assets', { tag: 'MOTOR-2', name: 'Pump motor', locationId: lineA, parentId: pump.id, serialNumber: 'SN-1' });
      await post(admin, '/api/v1/assets', { tag: 'FAN-1', name: 'Hall fan', locationId: await locationId(admin, 'Hall 1'), status: 'standby' });
      await decommission((await post(admin, '/api/v1/assets', { tag: 'OLD-1', name: 'Old compressor', locationId: await locationId(admin, 'Store, main') })).id);
      const skid = await post(admin, '/api/v1/assets', { tag: 'SKID-9', name: 'Dosing skid', locationId: await locationId(admin, 'West hall') });
      await post(admin, '/api/v1/assets', { tag: 'BEARING-9', name: 'Skid bearing', locationId: await locationId(admin, 'West hall'), parentId: skid.id });
      // A decommissioned system whose component stays in service (the register allows it, with a warning).
      await decommission(skid.id);
    });

    it('exports the CSV with the location by path and code and the parent by tag; it imports into another tenant with the same location tree', async () => {
      const csv = await exportCsv('assets', viewer);
      const rows = rowsOf(csv);
      // By tag: components before their parents.
      expect(rows.map((r) => r.tag)).toEqual(['BEARING-9', 'FAN-1', 'MOTOR-2', 'OLD-1', 'PUMP-2', 'SKID-9']);
      const row = (tag: string) => rows.find((r) => r.tag === tag) as Row;
      expect(row('MOTOR-2')).toMatchObject({ locationPath: 'North plant > Hall 1 > Line A', locationCode: '', parentTag: 'PUMP-2', serialNumber: 'SN-1' });
      expect(row('PUMP-2')).toMatchObject({ parentTag: '', criticality: 'A', installDate: '2024-03-01', purchaseCost: '12500.5', 'cf.rating': '7.5' });
      expect(row('FAN-1')).toMatchObject({ locationPath: 'North plant > Hall 1', locationCode: 'NP-H1', status: 'standby', decommissionedAt: '' });
      expect(row('OLD-1')).toMatchObject({ locationPath: 'North plant > Store, main', locationCode: 'NP-ST', status: 'decommissioned', decommissionedAt: expect.stringMatching(/^\d{4}-/) });
      expect(row('BEARING-9')).toMatchObject({ locationPath: 'West plant > West hall', locationCode: 'WP-H', parentTag: 'SKID-9', status: 'operational' });

      const copy = await importCsv('assets', copyAdmin, csv);
      expect(copy.status).toBe(200);
      expect(copy.body).toMatchObject({ total: 6, imported: 6, failed: 0, errors: [] });
      expect(copy.body.created.map((c: { row: number; tag: string }) => [c.row, c.tag])).toEqual(rows.map((r, i) => [i + 2, r.tag]));

      // The same register, with the copy's own ids: the locations and parents resolved in the copy.
      const copied = rowsOf(await exportCsv('assets', copyAdmin));
      expect(portable(copied)).toEqual(portable(rows));
      const mine = await assetsByTag(admin);
      const theirs = await assetsByTag(copyAdmin);
      const motor = (await t.http().get(`/api/v1/assets/${theirs.get('MOTOR-2')?.id}`).set(auth(copyAdmin))).body;
      const copyLineA = await locationId(copyAdmin, 'Line A');
      expect(copyLineA).not.toBe(await locationId(admin, 'Line A'));
      expect(motor).toMatchObject({ parentId: theirs.get('PUMP-2')?.id, locationId: copyLineA, status: 'operational' });
      expect(theirs.get('PUMP-2')?.id).not.toBe(mine.get('PUMP-2')?.id);
      const bearing = (await t.http().get(`/api/v1/assets/${theirs.get('BEARING-9')?.id}`).set(auth(copyAdmin))).body;
      expect(bearing).toMatchObject({ parentId: theirs.get('SKID-9')?.id, status: 'operational', locationId: await locationId(copyAdmin, 'West hall') });

      // OLD-1 is registered as decommissioned: one AssetCreated with that status, no status-change
      // events, one history entry. SKID-9 had a component in the file: created in service, then
      // decommissioned after it.
      const old = theirs.get('OLD-1')?.id as string;
      const skid = theirs.get('SKID-9')?.id as string;
      const history = await t.owner.query(`select asset_id, from_status, to_status from asset_status_changes where tenant_id = $1 and asset_id = any($2::uuid[]) order by changed_at`, [copyTenant, [old, skid]]);
      expect(history.rows.filter((h) => h.asset_id === old).map((h) => [h.from_status, h.to_status])).toEqual([[null, 'decommissioned']]);
      expect(history.rows.filter((h) => h.asset_id === skid).map((h) => [h.from_status, h.to_status])).toEqual([[null, 'operational'], ['operational', 'decommissioned']]);
      const copyStore = await locationId(copyAdmin, 'Store, main');
      await expectEventually(() => {
        const events = capture.ofTenant(copyTenant);
        const ofType = (type: string) => events.filter((m) => m.headers.ce_type === type);
        const created = ofType(AssetCreatedSchema.typeName).map((m) => fromBinary(AssetCreatedSchema, m.value));
        expect(created.map((e) => e.tag).sort()).toEqual(rows.map((r) => r.tag));
        expect(created.find((e) => e.tag === 'OLD-1')).toMatchObject({ status: AssetStatus.DECOMMISSIONED, locationId: copyStore });
        expect(created.find((e) => e.tag === 'MOTOR-2')).toMatchObject({ parentAssetId: theirs.get('PUMP-2')?.id, locationId: copyLineA });
        expect(ofType(AssetStatusChangedSchema.typeName).map((m) => m.key)).toEqual([skid]);
        expect(ofType(AssetDecommissionedSchema.typeName).map((m) => m.key)).toEqual([skid]);
      });
    });

    it('reports a location or parent that does not resolve in the tenant as an error of its row', async () => {
      const header = 'tag,name,locationPath,locationCode,parentTag,status,decommissionedAt';
      const csv =
        `${header}\r\n` +
        'X-1,Nowhere,North plant > Hall 9,,,,\r\n' +
        'X-2,Bad code,,NOPE,,,\r\n' +
        'X-3,Code disagrees,North plant > Hall 1,NP,,,\r\n' +
        'X-4,Orphan,North plant,,GHOST,,\r\n' +
        'X-5,Loop 1,North plant,,X-6,,\r\n' +
        'X-6,Loop 2,North plant,,X-5,,\r\n' +
        'X-7,Child of a failed row,North plant,,X-1,,\r\n' +
        'X-8,No location,,,,,\r\n' +
        'X-9,Not retired,North plant,,,operational,2024-01-31T00:00:00Z\r\n' +
        'X-10,Under a retired asset,North plant,,OLD-1,,\r\n' +
        'X-11,Component first,,WP-H,X-12,,\r\n' +
        'X-12,Parent later,West plant > West hall,WP-H,,decommissioned,2023-06-30T12:00:00.000Z\r\n';
      const rejected = await importCsv('assets', copyAdmin, csv);
      expect(rejected.status).toBe(422);
      expect(rejected.body).toMatchObject({ total: 12, failed: 10, imported: 0 });
      expect(rejected.body.errors.map((e: { row: number; field?: string }) => [e.row, e.field])).toEqual([
        [2, 'locationPath'],
        [3, 'locationCode'],
        [4, 'locationCode'],
        [5, 'parentTag'],
        [6, 'parentTag'],
        [7, 'parentTag'],
        [8, 'parentTag'],
        [9, 'locationId'],
        [10, 'decommissionedAt'],
        [11, 'parentTag'],
      ]);
      const message = (row: number) => rejected.body.errors.find((e: { row: number }) => e.row === row).message as string;
      expect(message(2)).toBe('no location at "North plant > Hall 9"');
      expect(message(3)).toBe('no location with code "NOPE"');
      expect(message(4)).toBe('the location at "North plant > Hall 1" has code "NP-H1", not "NP"');
      expect(message(5)).toBe('no asset with tag "GHOST" in the register or the file');
      expect(message(6)).toContain('cycle');
      expect(message(8)).toBe('the asset "X-1" of line 2 was not imported');
      expect(message(11)).toBe('the asset "OLD-1" is decommissioned: components cannot be added to it');
      expect((await assetsByTag(copyAdmin)).has('X-12')).toBe(false);

      const partial = await importCsv('assets', copyAdmin, csv, 'partial');
      expect(partial.status).toBe(200);
      expect(partial.body).toMatchObject({ imported: 2, failed: 10 });
      expect(partial.body.created.map((c: { row: number; tag: string }) => [c.row, c.tag])).toEqual([[12, 'X-11'], [13, 'X-12']]);
      const theirs = await assetsByTag(copyAdmin);
      const component = (await t.http().get(`/api/v1/assets/${theirs.get('X-11')?.id}`).set(auth(copyAdmin))).body;
      expect(component).toMatchObject({ parentId: theirs.get('X-12')?.id, locationId: await locationId(copyAdmin, 'West hall'), status: 'operational' });
      const parent = (await t.http().get(`/api/v1/assets/${theirs.get('X-12')?.id}`).set(auth(copyAdmin))).body;
      expect(parent).toMatchObject({ status: 'decommissioned', decommissionedAt: '2023-06-30T12:00:00.000Z' });

      const noLocation = await importCsv('assets', copyAdmin, 'tag,name\r\nY-1,Y\r\n');
      expect(noLocation.status).toBe(400);
      expect(noLocation.body.errors).toEqual([{ field: 'locationId', message: 'one of the columns "locationId", "locationPath", "locationCode" is required' }]);
    });
  });

  it('never exports another tenant’s data', async () => {
    await post(otherAdmin, '/api/v1/locations', { name: 'Secret site', code: 'SECRET' });
    await post(otherAdmin, '/api/v1/parts', { sku: 'SECRET-1', name: 'Secret part', unitOfMeasure: 'ea' });
    for (const resource of ['locations', 'parts'] as const) {
      const mine = await exportCsv(resource, viewer);
      const copies = await exportCsv(resource, copyAdmin);
      const others = await exportCsv(resource, otherAdmin);
      expect(mine).not.toContain('SECRET');
      expect(copies).not.toContain('SECRET');
      const mineIds = new Set(rowsOf(mine).map((r) => r.id));
      expect(rowsOf(others).map((r) => r.id).filter((id) => mineIds.has(id))).toEqual([]);
      expect(rowsOf(others)).toHaveLength(1);
      const json = await t.http().get(`/api/v1/${resource}/export`).set(auth(otherAdmin));
      expect(json.body.items).toHaveLength(1);
    }
    // Another tenant's id as a filter answers 404, as in the list.
    const site = (await t.http().get('/api/v1/locations').query({ q: 'North plant' }).set(auth(viewer))).body.items[0].id as string;
    expect((await t.http().get('/api/v1/locations/export').query({ subtreeOf: site }).set(auth(otherAdmin))).status).toBe(404);
  });

  it('streams a large export with backpressure and ends its transaction when the client goes away', async () => {
    const bigTenant = randomUUID();
    const rows = 50_000;
    await t.owner.query(
      `insert into parts (id, tenant_id, sku, name, description, unit_of_measure, unit_cost, custom_fields, version, created_at, updated_at)
       select gen_random_uuid(), $1, 'S-' || lpad(g::text, 6, '0'), 'Part ' || g, repeat('x', 100), 'ea', 1, '{}', 1, now(), now()
         from generate_series(1, $2::int) g`,
      [bigTenant, rows],
    );
    const token = await t.token(bigTenant, ['viewer']);
    const server = t.app.getHttpServer() as http.Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const waitingExports = async () =>
      (
        await t.owner.query(`select 1 from pg_stat_activity where datname = current_database() and state = 'idle in transaction' and query like 'fetch % from mate_export'`)
      ).rowCount;

    // A client that reads the first chunk and stops: the export waits for it, in its transaction.
    const request = http.get({ host: '127.0.0.1', port, path: '/api/v1/parts/export?format=csv', headers: auth(token) });
    request.on('error', () => undefined);
    const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
    expect(response.statusCode).toBe(200);
    await new Promise((resolve) => response.once('data', resolve));
    response.pause();
    await expectEventually(async () => expect(await waitingExports()).toBe(1));
    request.destroy();
    await expectEventually(async () => expect(await waitingExports()).toBe(0));

    const whole = await t.http().get('/api/v1/parts/export').set(auth(token));
    expect(whole.status).toBe(200);
    expect(whole.body.items).toHaveLength(rows);
    expect(whole.body.items[rows - 1].sku).toBe(`S-${String(rows).padStart(6, '0')}`);
  });
});

function byName(a: Row, b: Row): number {
  return a.name.localeCompare(b.name);
}
