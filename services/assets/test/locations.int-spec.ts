import { randomUUID } from 'node:crypto';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';

describe('assets service: locations', () => {
  let t: AssetsTestApp;
  const tenant = randomUUID();
  const otherTenant = randomUUID();
  let admin: string;
  let viewer: string;
  let other: string;

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_locations' });
    admin = await t.token(tenant, ['admin']);
    viewer = await t.token(tenant, ['viewer']);
    other = await t.token(otherTenant, ['admin']);
  });

  afterAll(async () => {
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

  it('refuses to delete a location with children (409, saying why)', async () => {
    const parent = await create({ name: 'Parent' });
    const child = await create({ name: 'Child', parentId: parent.id });
    const refused = await t.http().delete(`/api/v1/locations/${parent.id}`).set('Authorization', `Bearer ${admin}`);
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.detail).toContain('child location');
    expect((await t.http().delete(`/api/v1/locations/${child.id}`).set('Authorization', `Bearer ${admin}`)).status).toBe(204);
    expect((await t.http().delete(`/api/v1/locations/${parent.id}`).set('Authorization', `Bearer ${admin}`)).status).toBe(204);
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
