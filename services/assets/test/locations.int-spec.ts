import { randomUUID } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { LocationDeletedSchema, LocationMovedSchema, LocationUpdatedSchema, topicFor } from '@mate/contracts';
import { expectEventually } from '@mate/testing';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';
import { captureTopic, type TopicCapture } from './kafka-capture';

describe('assets service: locations', () => {
  let t: AssetsTestApp;
  let capture: TopicCapture;
  const tenant = randomUUID();
  const otherTenant = randomUUID();
  let admin: string;
  let viewer: string;
  let other: string;

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_locations' });
    capture = await captureTopic(topicFor('assets'));
    admin = await t.token(tenant, ['admin']);
    viewer = await t.token(tenant, ['viewer']);
    other = await t.token(otherTenant, ['admin']);
  });

  afterAll(async () => {
    await capture.stop();
    await t.close();
  });

  const create = async (body: Record<string, unknown>, token = admin) => {
    const response = await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${token}`).send(body);
    expect(response.status).toBe(201);
    return response.body as { id: string; version: number; ancestorIds: string[]; depth: number };
  };

  it('builds a tree with breadcrumb, children and subtree', async () => {
    const site = await create({ name: 'Plant', kind: 'site', address: { city: 'Ghent', country: 'BE' }, latitude: 51.05, longitude: 3.72 });
    const building = await create({ name: 'Hall 1', kind: 'building', parentId: site.id });
    const area = await create({ name: 'Line A', parentId: building.id });
    expect(area.ancestorIds).toEqual([site.id, building.id]);
    expect(area.depth).toBe(2);

    const crumbs = await t.http().get(`/api/v1/locations/${area.id}/ancestors`).set('Authorization', `Bearer ${viewer}`);
    expect(crumbs.body.items.map((l: { name: string }) => l.name)).toEqual(['Plant', 'Hall 1']);

    const children = await t.http().get(`/api/v1/locations/${site.id}/children`).set('Authorization', `Bearer ${viewer}`);
    expect(children.body.items.map((l: { id: string }) => l.id)).toEqual([building.id]);

    const subtree = await t.http().get(`/api/v1/locations/${site.id}/subtree`).set('Authorization', `Bearer ${viewer}`);
    expect(subtree.body.items.map((l: { name: string }) => l.name)).toEqual(['Plant', 'Hall 1', 'Line A']);
  });

  it('moves a subtree and refuses a move into its own subtree', async () => {
    const a = await create({ name: 'A' });
    const b = await create({ name: 'B', parentId: a.id });
    const c = await create({ name: 'C', parentId: b.id });
    const other = await create({ name: 'Other site' });

    const cycle = await t.http().post(`/api/v1/locations/${a.id}/move`).set('Authorization', `Bearer ${admin}`).send({ parentId: c.id });
    expect(cycle.status).toBe(422);
    expect(cycle.body.code).toBe('LOCATION_MOVE_INTO_OWN_SUBTREE');

    const moved = await t.http().post(`/api/v1/locations/${b.id}/move`).set('Authorization', `Bearer ${admin}`).send({ parentId: other.id });
    expect(moved.status).toBe(200);
    expect(moved.body.ancestorIds).toEqual([other.id]);
    const child = await t.http().get(`/api/v1/locations/${c.id}`).set('Authorization', `Bearer ${admin}`);
    expect(child.body.ancestorIds).toEqual([other.id, b.id]);
    expect(child.body.depth).toBe(2);
  });

  const eventsOf = (type: string, locationId: string) =>
    capture.ofTenant(tenant).filter((m) => m.headers.ce_type === type && m.key === locationId);
  const envelope = (type: string, locationId: string) => ({
    ce_specversion: '1.0',
    ce_type: type,
    ce_source: '/mate/assets',
    ce_subject: locationId,
    ce_tenantid: tenant,
    'content-type': 'application/protobuf',
  });

  it('publishes LocationUpdated naming the changed fields with the values after the change', async () => {
    const site = await create({ name: 'Event site' });
    const room = await create({ name: 'Store', kind: 'room', code: 'S1', parentId: site.id, address: { city: 'Ghent', country: 'BE' } });

    const patched = await t.http().patch(`/api/v1/locations/${room.id}`).set('Authorization', `Bearer ${admin}`).set('If-Match', `"${room.version}"`)
      .send({ name: 'Main store', kind: 'room', code: 'MS', isStoreroom: true, address: { city: 'Antwerp', country: 'BE' }, description: 'spares' });
    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe(room.version + 1);

    const message = await expectEventually(() => {
      const [found] = eventsOf(LocationUpdatedSchema.typeName, room.id);
      if (!found) throw new Error('LocationUpdated not published yet');
      return found;
    });
    expect(message.headers).toMatchObject(envelope(LocationUpdatedSchema.typeName, room.id));
    expect(message.headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
    const event = fromBinary(LocationUpdatedSchema, message.value);
    expect(event).toMatchObject({ locationId: room.id, parentLocationId: site.id, name: 'Main store', kind: 'room', code: 'MS', isStoreroom: true });
    expect(event.ancestorIds).toEqual([site.id]);
    // The kind was sent unchanged: it is not among the changed fields.
    expect([...event.changedFields].sort()).toEqual(['address', 'code', 'description', 'isStoreroom', 'name']);
    expect(timestampDate(event.updatedAt!).toISOString()).toBe(patched.body.updatedAt);

    // Clearing the code: the event carries it empty.
    const cleared = await t.http().patch(`/api/v1/locations/${room.id}`).set('Authorization', `Bearer ${admin}`).send({ code: null });
    expect(cleared.status).toBe(200);
    const second = await expectEventually(() => {
      const all = eventsOf(LocationUpdatedSchema.typeName, room.id);
      if (all.length < 2) throw new Error('second LocationUpdated not published yet');
      return fromBinary(LocationUpdatedSchema, all[1]!.value);
    });
    expect(second).toMatchObject({ locationId: room.id, code: '', name: 'Main store', changedFields: ['code'] });
  });

  it('publishes no LocationUpdated / LocationMoved (and keeps the version) for a PATCH or move that changes nothing', async () => {
    const site = await create({ name: 'Quiet site' });
    const area = await create({
      name: 'Quiet area', kind: 'area', code: 'QA', parentId: site.id, description: 'calm',
      address: { line1: 'Dok 1', city: 'Ghent', postalCode: '9000', country: 'BE' }, latitude: 51.05, longitude: 3.72,
    });
    // The current values sent back, the address with its keys in another order.
    const same = await t.http().patch(`/api/v1/locations/${area.id}`).set('Authorization', `Bearer ${admin}`).set('If-Match', `"${area.version}"`)
      .send({
        name: 'Quiet area', kind: 'area', code: 'QA', isStoreroom: false, description: 'calm',
        address: { country: 'BE', postalCode: '9000', city: 'Ghent', line1: 'Dok 1' }, latitude: 51.05, longitude: 3.72,
      });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(area.version);
    const stay = await t.http().post(`/api/v1/locations/${area.id}/move`).set('Authorization', `Bearer ${admin}`).send({ parentId: site.id });
    expect(stay.status).toBe(200);
    expect(stay.body.version).toBe(area.version);

    // A later real change of the same location (same key, same partition, published in order)
    // marks the point by which an event of the no-ops would have arrived.
    const real = await t.http().patch(`/api/v1/locations/${area.id}`).set('Authorization', `Bearer ${admin}`).send({ name: 'Loud area' });
    expect(real.status).toBe(200);
    expect(real.body.version).toBe(area.version + 1);
    await expectEventually(() => {
      const updates = eventsOf(LocationUpdatedSchema.typeName, area.id).map((m) => fromBinary(LocationUpdatedSchema, m.value));
      expect(updates).toHaveLength(1);
      expect(updates[0]).toMatchObject({ name: 'Loud area', changedFields: ['name'] });
    });
    expect(eventsOf(LocationMovedSchema.typeName, area.id)).toHaveLength(0);
  });

  it('publishes LocationMoved with the old and new parent and ancestors and the number of descendants', async () => {
    const from = await create({ name: 'From site' });
    const line = await create({ name: 'Line', parentId: from.id });
    const cell = await create({ name: 'Cell', parentId: line.id });
    const station = await create({ name: 'Station', parentId: cell.id });
    const to = await create({ name: 'To site' });
    const hall = await create({ name: 'To hall', parentId: to.id });

    const moved = await t.http().post(`/api/v1/locations/${line.id}/move`).set('Authorization', `Bearer ${admin}`).set('If-Match', `"${line.version}"`)
      .send({ parentId: hall.id });
    expect(moved.status).toBe(200);
    const message = await expectEventually(() => {
      const [found] = eventsOf(LocationMovedSchema.typeName, line.id);
      if (!found) throw new Error('LocationMoved not published yet');
      return found;
    });
    expect(message.headers).toMatchObject(envelope(LocationMovedSchema.typeName, line.id));
    const event = fromBinary(LocationMovedSchema, message.value);
    expect(event).toMatchObject({
      locationId: line.id,
      name: 'Line',
      parentLocationId: hall.id,
      ancestorIds: [to.id, hall.id],
      previousParentLocationId: from.id,
      previousAncestorIds: [from.id],
      descendantCount: 2,
    });
    expect(timestampDate(event.movedAt!).toISOString()).toBe(moved.body.updatedAt);
    // Descendants moved with it but publish nothing of their own.
    expect(eventsOf(LocationMovedSchema.typeName, cell.id)).toHaveLength(0);

    // A leaf becoming a root: no parent, no ancestors, no descendants.
    const detached = await t.http().post(`/api/v1/locations/${station.id}/move`).set('Authorization', `Bearer ${admin}`).send({ parentId: null });
    expect(detached.status).toBe(200);
    expect(detached.body).toMatchObject({ parentId: null, ancestorIds: [], depth: 0 });
    const leaf = await expectEventually(() => {
      const [found] = eventsOf(LocationMovedSchema.typeName, station.id);
      if (!found) throw new Error('LocationMoved of the leaf not published yet');
      return fromBinary(LocationMovedSchema, found.value);
    });
    expect(leaf).toMatchObject({
      locationId: station.id,
      parentLocationId: '',
      ancestorIds: [],
      previousParentLocationId: cell.id,
      previousAncestorIds: [to.id, hall.id, line.id, cell.id],
      descendantCount: 0,
    });
  });

  it('refuses to delete a location with children (409, saying why)', async () => {
    const parent = await create({ name: 'Parent' });
    const child = await create({ name: 'Child', parentId: parent.id });
    const refused = await t.http().delete(`/api/v1/locations/${parent.id}`).set('Authorization', `Bearer ${admin}`);
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.detail).toContain('child location');
    expect((await t.http().delete(`/api/v1/locations/${child.id}`).set('Authorization', `Bearer ${admin}`)).status).toBe(204);
    expect((await t.http().delete(`/api/v1/locations/${parent.id}`).set('Authorization', `Bearer ${admin}`)).status).toBe(204);
    // Each deletion is an event, so consumers drop what they keep of the location.
    await expectEventually(() =>
      expect(capture.ofTenant(tenant).filter((m) => m.headers.ce_type === LocationDeletedSchema.typeName).map((m) => m.key)).toEqual(
        expect.arrayContaining([child.id, parent.id]),
      ),
    );
    const deleted = capture.ofTenant(tenant).find((m) => m.headers.ce_type === LocationDeletedSchema.typeName && m.key === child.id);
    expect(fromBinary(LocationDeletedSchema, deleted!.value)).toMatchObject({ locationId: child.id, name: 'Child', parentId: parent.id });
  });

  it('uses ETag / If-Match (412 on stale)', async () => {
    const location = await create({ name: 'Versioned' });
    const read = await t.http().get(`/api/v1/locations/${location.id}`).set('Authorization', `Bearer ${admin}`);
    const etag = read.headers.etag;
    const first = await t.http().patch(`/api/v1/locations/${location.id}`).set('Authorization', `Bearer ${admin}`).set('If-Match', etag).send({ name: 'Renamed' });
    expect(first.status).toBe(200);
    expect(first.headers.etag).not.toBe(etag);
    const stale = await t.http().patch(`/api/v1/locations/${location.id}`).set('Authorization', `Bearer ${admin}`).set('If-Match', etag).send({ name: 'Again' });
    expect(stale.status).toBe(412);
  });

  it('rejects unknown fields and bad values naming the field; viewers cannot write', async () => {
    const bad = await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${admin}`).send({ name: 'X', color: 'red', latitude: 200 });
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['color', 'latitude']));
    const forbidden = await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${viewer}`).send({ name: 'X' });
    expect(forbidden.status).toBe(403);
  });

  it("answers 404 for another tenant's location, also as a parent", async () => {
    const mine = await create({ name: 'Mine' });
    expect((await t.http().get(`/api/v1/locations/${mine.id}`).set('Authorization', `Bearer ${other}`)).status).toBe(404);
    const asParent = await t.http().post('/api/v1/locations').set('Authorization', `Bearer ${other}`).send({ name: 'Sneaky', parentId: mine.id });
    expect(asParent.status).toBe(404);
    const list = await t.http().get('/api/v1/locations').set('Authorization', `Bearer ${other}`);
    expect(list.body.items).toEqual([]);
  });

  it('paginates with a cursor and sorts', async () => {
    const tenant2 = randomUUID();
    const token = await t.token(tenant2, ['planner']);
    for (const name of ['d', 'a', 'c', 'b', 'e']) await create({ name }, token);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { limit: '2', sort: '-name', ...(cursor ? { cursor } : {}) };
      const page = await t.http().get('/api/v1/locations').query(query).set('Authorization', `Bearer ${token}`);
      expect(page.status).toBe(200);
      names.push(...page.body.items.map((l: { name: string }) => l.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toEqual(['e', 'd', 'c', 'b', 'a']);
  });
});
