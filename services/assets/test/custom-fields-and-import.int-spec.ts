import { randomUUID } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import { AssetUpdatedSchema, LocationUpdatedSchema, topicFor } from '@mate/contracts';
import { expectEventually } from '@mate/testing';
import { readCsvRows } from '@mate/service-kit';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';
import { captureTopic } from './kafka-capture';

describe('assets service: custom fields, CSV import and export', () => {
  let t: AssetsTestApp;
  const tenant = randomUUID();
  let admin: string;
  let viewer: string;
  let site: string;

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_import' });
    admin = await t.token(tenant, ['admin']);
    viewer = await t.token(tenant, ['viewer']);
    site = (await t.http().post('/api/v1/locations').set(auth(admin)).send({ name: 'Site' })).body.id;
  });

  afterAll(async () => {
    await t.close();
  });

  function auth(token: string) {
    return { Authorization: `Bearer ${token}` };
  }
  const defineField = async (body: Record<string, unknown>) => {
    const response = await t.http().post('/api/v1/custom-fields').set(auth(admin)).send({ entityType: 'asset', ...body });
    expect(response.status).toBe(201);
    return response.body;
  };

  it('validates custom field values on write and filters on them, immediately after definition', async () => {
    await defineField({ key: 'voltage', label: 'Rated voltage', type: 'number', unit: 'V' });
    await defineField({ key: 'fluid', label: 'Fluid', type: 'enum', options: ['water', 'oil'] });
    await defineField({ key: 'atex', label: 'ATEX zone', type: 'boolean' });
    await defineField({ key: 'inspected', label: 'Inspected on', type: 'date' });
    const create = (tag: string, customFields: Record<string, unknown>) =>
      t.http().post('/api/v1/assets').set(auth(admin)).send({ tag, name: tag, locationId: site, customFields });

    expect((await create('CF-1', { voltage: 400, fluid: 'water', atex: true, inspected: '2025-01-31' })).status).toBe(201);
    expect((await create('CF-2', { voltage: 230, fluid: 'oil' })).status).toBe(201);
    const bad = await create('CF-3', { voltage: 'high', fluid: 'lava', atex: 'yes', inspected: '2025-02-30', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['customFields.atex', 'customFields.colour', 'customFields.fluid', 'customFields.inspected', 'customFields.voltage'],
    );

    const list = (cf: string | string[]) => t.http().get('/api/v1/assets').query({ cf }).set(auth(viewer));
    expect((await list('voltage:gt:300')).body.items.map((a: { tag: string }) => a.tag)).toEqual(['CF-1']);
    expect((await list('fluid:eq:oil')).body.items.map((a: { tag: string }) => a.tag)).toEqual(['CF-2']);
    expect((await list(['voltage:gte:230', 'atex:eq:true'])).body.items.map((a: { tag: string }) => a.tag)).toEqual(['CF-1']);
    const unknown = await list('nope:eq:1');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('cf.nope');

    // A required field added later applies to new assets at once.
    await defineField({ key: 'owner', label: 'Owner', type: 'text', required: true });
    const missing = await create('CF-4', {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toMatchObject({ field: 'customFields.owner', message: 'Owner is required' });
    expect((await create('CF-4', { owner: 'Ops' })).status).toBe(201);
  });

  it('deleting a definition removes its values as a change of each entity holding one (version, Updated event)', async () => {
    // A tenant of its own: the other tests' definitions (a required one) do not apply here.
    const tenant = randomUUID();
    const admin = await t.token(tenant, ['admin']);
    const viewer = await t.token(tenant, ['viewer']);
    const site = (await t.http().post('/api/v1/locations').set(auth(admin)).send({ name: 'Site' })).body.id;
    const capture = await captureTopic(topicFor('assets'));
    try {
      const define = async (body: Record<string, unknown>) => (await t.http().post('/api/v1/custom-fields').set(auth(admin)).send(body)).body;
      const assetField = await define({ entityType: 'asset', key: 'rating', label: 'Rating', type: 'text' });
      const locationField = await define({ entityType: 'location', key: 'zone', label: 'Zone', type: 'text' });
      const rated = (await t.http().post('/api/v1/assets').set(auth(admin)).send({ tag: 'RATED', name: 'Rated', locationId: site, customFields: { rating: 'A' } })).body;
      const unrated = (await t.http().post('/api/v1/assets').set(auth(admin)).send({ tag: 'UNRATED', name: 'Unrated', locationId: site })).body;
      const zoned = (await t.http().post('/api/v1/locations').set(auth(admin)).send({ name: 'Zoned', parentId: site, customFields: { zone: '1' } })).body;

      expect((await t.http().delete(`/api/v1/custom-fields/${assetField.id}`).set(auth(admin))).status).toBe(204);
      expect((await t.http().delete(`/api/v1/custom-fields/${locationField.id}`).set(auth(admin))).status).toBe(204);

      const after = (await t.http().get(`/api/v1/assets/${rated.id}`).set(auth(viewer))).body;
      expect(after.customFields).not.toHaveProperty('rating');
      expect(after.version).toBe(rated.version + 1);
      expect((await t.http().get(`/api/v1/assets/${unrated.id}`).set(auth(viewer))).body.version).toBe(unrated.version);
      const zonedAfter = (await t.http().get(`/api/v1/locations/${zoned.id}`).set(auth(viewer))).body;
      expect(zonedAfter).toMatchObject({ version: zoned.version + 1, customFields: {} });

      const updated = (type: string) => capture.ofTenant(tenant).filter((m) => m.headers.ce_type === type);
      await expectEventually(() => expect(updated(AssetUpdatedSchema.typeName).map((m) => m.key)).toContain(rated.id));
      await expectEventually(() => expect(updated(LocationUpdatedSchema.typeName).map((m) => m.key)).toContain(zoned.id));
      expect(updated(AssetUpdatedSchema.typeName).map((m) => m.key)).not.toContain(unrated.id);
      const event = fromBinary(AssetUpdatedSchema, updated(AssetUpdatedSchema.typeName).find((m) => m.key === rated.id)!.value);
      expect(event).toMatchObject({ assetId: rated.id, changedFields: ['customFields.rating'] });
    } finally {
      await capture.stop();
    }
  });

  it('imports CSV all-or-nothing with a per-row error report, or partially on request', async () => {
    const header = 'tag,name,locationId,parentTag,criticality,purchaseCost,cf.owner,cf.voltage';
    const good = `IMP-1,Line 1,${site},,A,100.50,Ops,400\r\nIMP-2,"Motor, main",${site},IMP-1,B,,Ops,\r\n`;
    const broken = `IMP-3,Bad,${site},,Z,-1,Ops,lots\r\nIMP-4,Also bad,${randomUUID()},,A,,Ops,\r\nIMP-5,Fine,${site},,C,,Ops,1\r\n`;
    const csv = `${header}\r\n${good}${broken}`;

    const rejected = await t.http().post('/api/v1/assets/import').set(auth(admin)).set('Content-Type', 'text/csv').send(csv);
    expect(rejected.status).toBe(422);
    expect(rejected.headers['content-type']).toMatch(/problem\+json/);
    expect(rejected.body).toMatchObject({ total: 5, failed: 2, imported: 0 });
    const rows = rejected.body.errors.map((e: { row: number; field?: string }) => [e.row, e.field]);
    expect(rows).toEqual(expect.arrayContaining([[4, 'criticality'], [4, 'purchaseCost'], [4, 'customFields.voltage']]));
    expect(rejected.body.errors.find((e: { row: number }) => e.row === 5).message).toContain('not found');
    const none = await t.http().get('/api/v1/assets').query({ q: 'IMP-' }).set(auth(viewer));
    expect(none.body.items).toEqual([]);

    const partial = await t.http().post('/api/v1/assets/import').query({ mode: 'partial' }).set(auth(admin)).set('Content-Type', 'text/csv').send(csv);
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ mode: 'partial', total: 5, imported: 3, failed: 2 });
    const imported = await t.http().get('/api/v1/assets').query({ q: 'IMP-' }).set(auth(viewer));
    expect(imported.body.items.map((a: { tag: string }) => a.tag)).toEqual(['IMP-1', 'IMP-2', 'IMP-5']);
    const motor = imported.body.items[1];
    expect(motor).toMatchObject({ name: 'Motor, main', parentId: imported.body.items[0].id, criticality: 'B' });

    const unknownColumn = await t.http().post('/api/v1/assets/import').set(auth(admin)).set('Content-Type', 'text/csv').send(`tag,name,locationId,colour\r\nX,X,${site},red\r\n`);
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.errors[0].field).toBe('colour');
    const unterminated = await t.http().post('/api/v1/assets/import').set(auth(admin)).set('Content-Type', 'text/csv').send(`tag,name,locationId\r\nX,"X,${site}\r\n`);
    expect(unterminated.status).toBe(400);
    expect(unterminated.headers['content-type']).toMatch(/problem\+json/);
    // The line where the file ends, still inside the quotes.
    expect(unterminated.body.detail).toBe('the CSV cannot be read: line 3: a quoted field is not closed');
    expect((await t.http().post('/api/v1/assets/import').set(auth(viewer)).set('Content-Type', 'text/csv').send(csv)).status).toBe(403);
  });

  it('exports the filtered register as CSV and JSON', async () => {
    const csv = await t.http().get('/api/v1/assets/export').query({ format: 'csv', q: 'IMP-' }).set(auth(viewer));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const table = readCsvRows(csv.text);
    expect(table[0]).toEqual(expect.arrayContaining(['id', 'tag', 'name', 'locationId', 'cf.voltage', 'cf.owner']));
    expect(table.slice(1).map((row) => row[table[0].indexOf('tag')])).toEqual(['IMP-1', 'IMP-2', 'IMP-5']);
    expect(table[1][table[0].indexOf('cf.voltage')]).toBe('400');

    const json = await t.http().get('/api/v1/assets/export').query({ criticality: 'A' }).set(auth(viewer));
    expect(json.body.items.map((a: { tag: string }) => a.tag)).toEqual(['IMP-1']);
  });
});
