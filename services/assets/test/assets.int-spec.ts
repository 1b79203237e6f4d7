import { randomUUID } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  AssetCreatedSchema,
  AssetDecommissionedSchema,
  AssetDeletedSchema,
  AssetStatus,
  AssetStatusChangedSchema,
  AssetCriticality,
  AssetUpdatedSchema,
  DowntimeClosedSchema,
  DowntimeKind,
  DowntimeOpenedSchema,
  topicFor,
} from '@mate/contracts';
import { expectEventually } from '@mate/testing';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';
import { captureTopic, type TopicCapture } from './kafka-capture';

describe('assets service: asset register, statuses and downtime', () => {
  let t: AssetsTestApp;
  let capture: TopicCapture;
  const tenant = randomUUID();
  let planner: string;
  let technician: string;
  let viewer: string;
  let site: string;
  let hall: string;

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_assets' });
    capture = await captureTopic(topicFor('assets'));
    planner = await t.token(tenant, ['planner'], 'planner-1');
    technician = await t.token(tenant, ['technician'], 'tech-1');
    viewer = await t.token(tenant, ['viewer']);
    site = (await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${planner}`).send({ name: 'Site' })).body.id;
    hall = (await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${planner}`).send({ name: 'Hall', parentId: site })).body.id;
  });

  afterAll(async () => {
    await capture.stop();
    await t.close();
  });

  const createAsset = async (body: Record<string, unknown>) => {
    const response = await t.http().post('/api/v1/assets').set('Authorization', `Bearer ${planner}`).send({ locationId: hall, ...body });
    expect(response.status).toBe(201);
    return response.body as { id: string; version: number; status: string; tag: string };
  };

  it('creates an asset and publishes AssetCreated with the CloudEvents envelope', async () => {
    const asset = await createAsset({
      tag: 'P-101',
      name: 'Feed pump',
      category: 'pump',
      criticality: 'A',
      purchaseCost: '12500.50',
      installDate: '2024-03-01',
      serialNumber: 'SN-1',
    });
    const read = await t.http().get(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${viewer}`);
    expect(read.body).toMatchObject({ tag: 'P-101', purchaseCost: '12500.5', installDate: '2024-03-01', status: 'operational', criticality: 'A' });

    const message = await expectEventually(() => {
      const found = capture.ofTenant(tenant).find((m) => m.headers.ce_type === AssetCreatedSchema.typeName && m.key === asset.id);
      if (!found) throw new Error('AssetCreated not published yet');
      return found;
    });
    expect(message.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_source: '/mate/assets',
      ce_subject: asset.id,
      ce_tenantid: tenant,
      'content-type': 'application/protobuf',
    });
    expect(message.headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(message.headers.ce_time))).toBe(false);
    const event = fromBinary(AssetCreatedSchema, message.value);
    expect(event).toMatchObject({ assetId: asset.id, tag: 'P-101', locationId: hall, category: 'pump' });
    expect(event.locationPathIds).toEqual([site, hall]);
  });

  const updatesOf = (assetId: string) =>
    capture.ofTenant(tenant).filter((m) => m.headers.ce_type === AssetUpdatedSchema.typeName && m.key === assetId);

  it('publishes AssetUpdated naming the changed fields with the values after the change', async () => {
    const field = await t.http().post('/api/v1/custom-fields').set('Authorization', `Bearer ${planner}`)
      .send({ entityType: 'asset', key: 'voltage', label: 'Rated voltage', type: 'number', unit: 'V' });
    expect(field.status).toBe(201);
    const bay = (await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${planner}`).send({ name: 'Bay', parentId: hall })).body.id;
    const skid = await createAsset({ tag: 'SKID-1', name: 'Pump skid' });
    const asset = await createAsset({ tag: 'M-7', name: 'Motor', criticality: 'C', customFields: { voltage: 230 } });

    const patched = await t.http().patch(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${planner}`).set('If-Match', `"${asset.version}"`)
      .send({ tag: 'M-7', name: 'Drive motor', locationId: bay, parentId: skid.id, criticality: 'A', customFields: { voltage: 400 } });
    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe(asset.version + 1);

    const message = await expectEventually(() => {
      const [found] = updatesOf(asset.id);
      if (!found) throw new Error('AssetUpdated not published yet');
      return found;
    });
    expect(message.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: AssetUpdatedSchema.typeName,
      ce_source: '/mate/assets',
      ce_subject: asset.id,
      ce_tenantid: tenant,
      'content-type': 'application/protobuf',
    });
    const event = fromBinary(AssetUpdatedSchema, message.value);
    expect(event).toMatchObject({
      assetId: asset.id,
      tag: 'M-7',
      name: 'Drive motor',
      locationId: bay,
      parentAssetId: skid.id,
      status: AssetStatus.OPERATIONAL,
      criticality: AssetCriticality.A,
    });
    expect(event.locationPathIds).toEqual([site, hall, bay]);
    // The tag was sent unchanged: it is not among the changed fields.
    expect([...event.changedFields].sort()).toEqual(['criticality', 'customFields.voltage', 'locationId', 'name', 'parentId']);
    expect(timestampDate(event.updatedAt!).toISOString()).toBe(patched.body.updatedAt);

    // Back to a top-level asset: parentAssetId is empty again.
    const detached = await t.http().patch(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${planner}`).send({ parentId: null });
    expect(detached.status).toBe(200);
    const second = await expectEventually(() => {
      const all = updatesOf(asset.id);
      if (all.length < 2) throw new Error('second AssetUpdated not published yet');
      return fromBinary(AssetUpdatedSchema, all[1]!.value);
    });
    expect(second).toMatchObject({ assetId: asset.id, parentAssetId: '', changedFields: ['parentId'], locationId: bay });
  });

  it('publishes no AssetUpdated (and keeps the version) for a PATCH that changes nothing', async () => {
    const asset = await createAsset({ tag: 'NOOP-1', name: 'Fan', criticality: 'B', purchaseCost: '12500.50', installDate: '2024-03-01', category: 'fan' });
    const same = await t.http().patch(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${planner}`).set('If-Match', `"${asset.version}"`)
      .send({ tag: 'NOOP-1', name: 'Fan', locationId: hall, parentId: null, criticality: 'B', purchaseCost: '12500.5', installDate: '2024-03-01', category: 'fan' });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(asset.version);
    expect(same.headers.etag).toBe(`"${asset.version}"`);

    // A later real change of the same asset (same key, same partition, published in order) marks
    // the point by which an AssetUpdated of the no-op PATCH would have arrived.
    const real = await t.http().patch(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${planner}`).send({ name: 'Exhaust fan' });
    expect(real.status).toBe(200);
    expect(real.body.version).toBe(asset.version + 1);
    await expectEventually(() => {
      const updates = updatesOf(asset.id).map((m) => fromBinary(AssetUpdatedSchema, m.value));
      expect(updates).toHaveLength(1);
      expect(updates[0]).toMatchObject({ name: 'Exhaust fan', changedFields: ['name'] });
    });
  });

  it('keeps tags unique per tenant (409) but not across tenants', async () => {
    await createAsset({ tag: 'DUP-1', name: 'One' });
    const again = await t.http().post('/api/v1/assets').set('Authorization', `Bearer ${planner}`).send({ locationId: hall, tag: 'DUP-1', name: 'Two' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ASSET_TAG_TAKEN');
  });

  it('opens and closes downtime on down-type statuses and computes merged availability', async () => {
    const asset = await createAsset({ tag: 'C-1', name: 'Compressor' });
    // Times after the creation (a status change cannot predate the previous one), in seconds.
    const start = Date.now();
    const down = await t.http().post(`/api/v1/assets/${asset.id}/status`).set('Authorization', `Bearer ${technician}`)
      .send({ status: 'down', reason: 'tripped', at: new Date(start + 1000).toISOString() });
    expect(down.status).toBe(200);
    const up = await t.http().post(`/api/v1/assets/${asset.id}/status`).set('Authorization', `Bearer ${technician}`)
      .send({ status: 'operational', at: new Date(start + 3000).toISOString() });
    expect(up.status).toBe(200);
    // An overlapping planned interval recorded afterwards: counts once.
    const planned = await t.http().post(`/api/v1/assets/${asset.id}/downtimes`).set('Authorization', `Bearer ${technician}`)
      .send({ kind: 'planned', startedAt: new Date(start + 2000).toISOString(), endedAt: new Date(start + 5000).toISOString() });
    expect(planned.status).toBe(201);

    const list = await t.http().get(`/api/v1/assets/${asset.id}/downtimes`).set('Authorization', `Bearer ${viewer}`);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items[0]).toMatchObject({ kind: 'unplanned', reason: 'tripped', status: 'down' });
    expect(list.body.items[0].endedAt).not.toBeNull();
    expect(list.body.nextCursor).toBeNull();
    const first = await t.http().get(`/api/v1/assets/${asset.id}/downtimes`).query({ limit: 1 }).set('Authorization', `Bearer ${viewer}`);
    expect(first.body.items).toEqual([list.body.items[0]]);
    const second = await t.http().get(`/api/v1/assets/${asset.id}/downtimes`).query({ limit: 1, cursor: first.body.nextCursor }).set('Authorization', `Bearer ${viewer}`);
    expect(second.body).toEqual({ items: [list.body.items[1]], nextCursor: null });

    const availability = await t.http().get(`/api/v1/assets/${asset.id}/availability`)
      .query({ from: new Date(start).toISOString(), to: new Date(start + 10_000).toISOString() })
      .set('Authorization', `Bearer ${viewer}`);
    expect(availability.status).toBe(200);
    expect(availability.body).toMatchObject({ downtimeSeconds: 4, unplannedDowntimeSeconds: 2, plannedDowntimeSeconds: 2, availability: 0.6 });
    expect(availability.body.mergedDowntime).toHaveLength(1);

    await expectEventually(() => {
      const mine = capture.ofTenant(tenant).filter((m) => m.key === asset.id);
      const types = mine.map((m) => m.headers.ce_type);
      expect(types).toEqual(expect.arrayContaining([AssetStatusChangedSchema.typeName, DowntimeOpenedSchema.typeName, DowntimeClosedSchema.typeName]));
      const opened = fromBinary(DowntimeOpenedSchema, mine.find((m) => m.headers.ce_type === DowntimeOpenedSchema.typeName)!.value);
      expect(opened.kind).toBe(DowntimeKind.UNPLANNED);
      const changed = mine.filter((m) => m.headers.ce_type === AssetStatusChangedSchema.typeName).map((m) => fromBinary(AssetStatusChangedSchema, m.value));
      expect(changed.map((c) => c.status)).toEqual([AssetStatus.DOWN, AssetStatus.OPERATIONAL]);
    });
  });

  it('decommissioning is terminal and warns about components still in service', async () => {
    const system = await createAsset({ tag: 'SYS-1', name: 'Line system' });
    const component = await createAsset({ tag: 'CMP-1', name: 'Motor', parentId: system.id });
    const result = await t.http().post(`/api/v1/assets/${system.id}/status`).set('Authorization', `Bearer ${planner}`).send({ status: 'decommissioned', reason: 'replaced' });
    expect(result.status).toBe(200);
    expect(result.body.asset.status).toBe('decommissioned');
    expect(result.body.warnings[0]).toContain('CMP-1');
    const child = await t.http().get(`/api/v1/assets/${component.id}`).set('Authorization', `Bearer ${viewer}`);
    expect(child.body.status).toBe('operational');

    const again = await t.http().post(`/api/v1/assets/${system.id}/status`).set('Authorization', `Bearer ${planner}`).send({ status: 'operational' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ASSET_DECOMMISSIONED');

    await expectEventually(() => {
      const message = capture.ofTenant(tenant).find((m) => m.headers.ce_type === AssetDecommissionedSchema.typeName && m.key === system.id);
      if (!message) throw new Error('not yet');
      expect(fromBinary(AssetDecommissionedSchema, message.value).activeDescendantAssetIds).toEqual([component.id]);
    });
  });

  it('refuses a recorded downtime interval for a decommissioned asset (409, since when) and writes nothing', async () => {
    const asset = await createAsset({ tag: 'DEC-DT-1', name: 'Retired conveyor' });
    const retired = await t.http().post(`/api/v1/assets/${asset.id}/status`).set('Authorization', `Bearer ${planner}`).send({ status: 'decommissioned', reason: 'scrapped' });
    expect(retired.status).toBe(200);
    const decommissionedAt: string = retired.body.asset.decommissionedAt;
    expect(decommissionedAt).toBeTruthy();
    // A decommissioning is the last event of the asset's key: once it has arrived, a DowntimeOpened
    // or DowntimeClosed of the refused recording would have arrived before any later event.
    await expectEventually(() =>
      expect(capture.ofTenant(tenant).some((m) => m.headers.ce_type === AssetDecommissionedSchema.typeName && m.key === asset.id)).toBe(true),
    );

    // Events are written to the outbox in the transaction of the change. The relay is paused while
    // the request runs, so the outbox still holds whatever it committed when we count.
    const { refused, outboxed } = await t.withRelayPaused(async () => {
      // Even an interval before the decommissioning: the asset is terminal.
      const response = await t.http().post(`/api/v1/assets/${asset.id}/downtimes`).set('Authorization', `Bearer ${technician}`)
        .send({ kind: 'unplanned', reason: 'jam', startedAt: new Date(Date.now() - 600_000).toISOString(), endedAt: new Date(Date.now() - 300_000).toISOString() });
      const { rows } = await t.owner.query('select count(*)::int as n from mate_outbox where message_key = $1 and event_type = any($2)', [
        asset.id,
        [DowntimeOpenedSchema.typeName, DowntimeClosedSchema.typeName],
      ]);
      return { refused: response, outboxed: rows[0].n as number };
    });
    expect(outboxed).toBe(0);
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('ASSET_DECOMMISSIONED');
    expect(refused.body.detail).toContain('decommissioned');
    expect(refused.body.detail).toContain(decommissionedAt);

    const { rows } = await t.owner.query('select count(*)::int as n from downtimes where asset_id = $1', [asset.id]);
    expect(rows[0].n).toBe(0);
    const listed = await t.http().get(`/api/v1/assets/${asset.id}/downtimes`).set('Authorization', `Bearer ${viewer}`);
    expect(listed.body).toEqual({ items: [], nextCursor: null });
    const types = capture.ofTenant(tenant).filter((m) => m.key === asset.id).map((m) => m.headers.ce_type);
    expect(types).not.toContain(DowntimeOpenedSchema.typeName);
    expect(types).not.toContain(DowntimeClosedSchema.typeName);
  });

  it('filters by status, location subtree, criticality, text; sorts and paginates', async () => {
    const tenant2 = randomUUID();
    const p2 = await t.token(tenant2, ['planner']);
    const root = (await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${p2}`).send({ name: 'Root' })).body.id;
    const inner = (await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${p2}`).send({ name: 'Inner', parentId: root })).body.id;
    const elsewhere = (await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${p2}`).send({ name: 'Elsewhere' })).body.id;
    const mk = (tag: string, locationId: string, extra: Record<string, unknown> = {}) =>
      t.http().post('/api/v1/assets').set('Authorization', `Bearer ${p2}`).send({ tag, name: `Asset ${tag}`, locationId, ...extra });
    await mk('A1', inner, { criticality: 'A', category: 'pump' });
    await mk('A2', root, { criticality: 'B', status: 'standby' });
    await mk('A3', elsewhere, { criticality: 'A', description: 'special gearbox' });
    const get = (query: Record<string, string>) => t.http().get('/api/v1/assets').query(query).set('Authorization', `Bearer ${p2}`);
    expect((await get({ locationId: root })).body.items.map((a: { tag: string }) => a.tag)).toEqual(['A1', 'A2']);
    expect((await get({ criticality: 'A', sort: '-tag' })).body.items.map((a: { tag: string }) => a.tag)).toEqual(['A3', 'A1']);
    expect((await get({ status: 'standby,down' })).body.items.map((a: { tag: string }) => a.tag)).toEqual(['A2']);
    expect((await get({ q: 'gearbox' })).body.items.map((a: { tag: string }) => a.tag)).toEqual(['A3']);
    expect((await get({ category: 'pump' })).body.items.map((a: { tag: string }) => a.tag)).toEqual(['A1']);
    const first = await get({ limit: '2' });
    expect(first.body.items).toHaveLength(2);
    const second = await get({ limit: '2', cursor: first.body.nextCursor });
    expect(second.body.items.map((a: { tag: string }) => a.tag)).toEqual(['A3']);
    expect(second.body.nextCursor).toBeNull();
    expect((await get({ status: 'broken' })).status).toBe(400);
    expect((await get({ sort: 'colour' })).status).toBe(400);
    // Filtering on an asset or location the caller cannot see is a 404, not an empty page.
    const theirs = (await get({ limit: '1' })).body.items[0].id as string;
    const other = await t.token(randomUUID(), ['viewer']);
    expect((await t.http().get('/api/v1/assets').query({ parentId: theirs }).set('Authorization', `Bearer ${other}`)).status).toBe(404);
    expect((await t.http().get('/api/v1/meters').query({ assetId: theirs }).set('Authorization', `Bearer ${other}`)).status).toBe(404);
    expect((await t.http().get('/api/v1/assets').query({ locationId: root }).set('Authorization', `Bearer ${other}`)).status).toBe(404);
  });

  it('enforces roles, If-Match and tenant isolation', async () => {
    const asset = await createAsset({ tag: 'R-1', name: 'Roles' });
    expect((await t.http().patch(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${technician}`).send({ name: 'x' })).status).toBe(403);
    expect((await t.http().post(`/api/v1/assets/${asset.id}/status`).set('Authorization', `Bearer ${viewer}`).send({ status: 'down' })).status).toBe(403);
    const stale = await t.http().patch(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${planner}`).set('If-Match', '"999"').send({ name: 'x' });
    expect(stale.status).toBe(412);
    // The one answer of every service to a stale If-Match (it used to be a plain about:blank 412 here).
    expect(stale.body).toMatchObject({ type: 'urn:mate:problem:version-mismatch', code: 'VERSION_MISMATCH' });
    const malformed = await t.http().patch(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${planner}`).set('If-Match', String(asset.version)).send({ name: 'x' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'If-Match' })]);
    const ok = await t.http().patch(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${planner}`).set('If-Match', `"${asset.version}"`).send({ name: 'Renamed', purchaseCost: '10' });
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe(`"${asset.version + 1}"`);

    const stranger = await t.token(randomUUID(), ['admin']);
    expect((await t.http().get(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${stranger}`)).status).toBe(404);
    expect((await t.http().patch(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${stranger}`).send({ name: 'mine' })).status).toBe(404);
    const strangerLocation = await t.http().post('/api/v1/assets').set('Authorization', `Bearer ${stranger}`).send({ tag: 'S', name: 'S', locationId: hall });
    expect(strangerLocation.status).toBe(404);

    const bad = await t.http().post('/api/v1/assets').set('Authorization', `Bearer ${planner}`)
      .send({ tag: 'B-1', name: 'Bad', locationId: hall, criticality: 'Z', purchaseCost: '-5', installDate: '2024-13-01', owner: 'me' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['criticality', 'purchaseCost', 'installDate', 'owner']));
  });

  it('refuses null for a field that cannot be cleared (400 naming it) and changes nothing; null clears one that can', async () => {
    const asset = await createAsset({ tag: 'N-1', name: 'Nulls', category: 'pump' });
    for (const field of ['name', 'tag', 'locationId', 'criticality', 'customFields']) {
      const response = await t.http().patch(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${planner}`).send({ [field]: null });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect([...new Set(response.body.errors.map((e: { field: string }) => e.field))]).toEqual([field]);
    }
    const created = await t.http().post('/api/v1/assets').set('Authorization', `Bearer ${planner}`).send({ tag: 'N-2', name: 'Nulls 2', locationId: hall, criticality: null });
    expect(created.status).toBe(400);
    const unchanged = await t.http().get(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${viewer}`);
    expect(unchanged.body).toMatchObject({ name: 'Nulls', tag: 'N-1', locationId: hall, version: asset.version });
    const cleared = await t.http().patch(`/api/v1/assets/${asset.id}`).set('Authorization', `Bearer ${planner}`).send({ category: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.category).toBeNull();
  });

  it('refuses to delete a location with assets (409, saying why)', async () => {
    const spot = (await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${planner}`).send({ name: 'Spot', parentId: site })).body.id;
    await createAsset({ tag: 'L-1', name: 'Placed', locationId: spot });
    const refused = await t.http().delete(`/api/v1/locations/${spot}`).set('Authorization', `Bearer ${planner}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'LOCATION_HAS_ASSETS' });
    expect(refused.body.detail).toContain('asset');
  });

  it('deletes an asset registered by mistake (AssetDeleted) but not one with history (409)', async () => {
    const mistake = await createAsset({ tag: 'DEL-1', name: 'Typo' });
    const deleted = await t.http().delete(`/api/v1/assets/${mistake.id}`).set('Authorization', `Bearer ${planner}`);
    expect(deleted.status).toBe(204);
    expect((await t.http().get(`/api/v1/assets/${mistake.id}`).set('Authorization', `Bearer ${viewer}`)).status).toBe(404);
    await expectEventually(() =>
      expect(capture.ofTenant(tenant).some((m) => m.headers.ce_type === AssetDeletedSchema.typeName && m.key === mistake.id)).toBe(true),
    );
    const message = capture.ofTenant(tenant).find((m) => m.headers.ce_type === AssetDeletedSchema.typeName && m.key === mistake.id);
    expect(fromBinary(AssetDeletedSchema, message!.value)).toMatchObject({ assetId: mistake.id, tag: 'DEL-1', locationId: hall, deletedBy: 'planner-1' });

    const used = await createAsset({ tag: 'DEL-2', name: 'Used' });
    await t.http().post(`/api/v1/assets/${used.id}/status`).set('Authorization', `Bearer ${technician}`).send({ status: 'maintenance' });
    const refused = await t.http().delete(`/api/v1/assets/${used.id}`).set('Authorization', `Bearer ${planner}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('decommission it instead');
  });

  it("shows an asset's history", async () => {
    const asset = await createAsset({ tag: 'H-1', name: 'History' });
    await t.http().post(`/api/v1/assets/${asset.id}/status`).set('Authorization', `Bearer ${technician}`).send({ status: 'maintenance', reason: 'PM' });
    const history = await t.http().get(`/api/v1/assets/${asset.id}/history`).set('Authorization', `Bearer ${viewer}`);
    expect(history.status).toBe(200);
    const kinds = history.body.items.map((h: { kind: string }) => h.kind);
    expect(kinds).toEqual(expect.arrayContaining(['status', 'downtime']));
    expect(history.body.items[0].summary).toBeTruthy();
  });
});
