import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LocationsSiblingCodeUnique1767100000001 } from '../src/database/migrations/1767100000001-locations-sibling-code-unique';
import { startAssetsTestApp, type AssetsTestApp } from './assets-test-app';

interface LocationBody {
  id: string;
  parentId: string | null;
  code: string | null;
  version: number;
  ancestorIds: string[];
}

/** A location's code is unique among its siblings (same tenant and parent, or both top-level). */
describe('assets service: location codes are unique among siblings', () => {
  let t: AssetsTestApp;
  const tenant = randomUUID();
  const otherTenant = randomUUID();
  let admin: string;
  let other: string;

  beforeAll(async () => {
    t = await startAssetsTestApp({ databaseName: 'mate_assets_test_location_codes' });
    admin = await t.token(tenant, ['admin']);
    other = await t.token(otherTenant, ['admin']);
  });

  afterAll(async () => {
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const post = (body: Record<string, unknown>, token = admin) => t.http().post('/api/v1/locations').set(auth(token)).send(body);
  const create = async (body: Record<string, unknown>, token = admin): Promise<LocationBody> => {
    const response = await post(body, token);
    expect(response.status).toBe(201);
    return response.body as LocationBody;
  };
  const get = async (id: string): Promise<LocationBody> => {
    const response = await t.http().get(`/api/v1/locations/${id}`).set(auth(admin));
    expect(response.status).toBe(200);
    return response.body as LocationBody;
  };
  const countNamed = async (name: string): Promise<number> =>
    Number((await t.owner.query(`select count(*) from locations where name = $1`, [name])).rows[0].count);
  /** A 409 problem naming the `code` field and the taken code. */
  const expectCodeTaken = (response: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, code: string) => {
    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 409, code: 'LOCATION_CODE_TAKEN', detail: expect.stringContaining(`code "${code}"`) });
  };

  describe('create', () => {
    it('refuses a code a sibling has, under a parent and at the top level, and writes nothing', async () => {
      const site = await create({ name: 'Create site', code: 'C-SITE' });
      await create({ name: 'Create hall', code: 'H1', parentId: site.id });

      const underParent = await post({ name: 'Create hall again', code: 'H1', parentId: site.id });
      expectCodeTaken(underParent, 'H1');
      expect(await countNamed('Create hall again')).toBe(0);

      const topLevel = await post({ name: 'Create site again', code: 'C-SITE' });
      expectCodeTaken(topLevel, 'C-SITE');
      expect(await countNamed('Create site again')).toBe(0);
    });

    it('accepts the same code under another parent, in another tenant, in another case, and any number of locations without a code', async () => {
      const north = await create({ name: 'North', code: 'N' });
      const south = await create({ name: 'South', code: 'S' });
      await create({ name: 'North line', code: 'LINE-1', parentId: north.id });
      await create({ name: 'South line', code: 'LINE-1', parentId: south.id });
      // A top-level location is no sibling of a child with that code.
      await create({ name: 'Top line', code: 'LINE-1' });
      // Another tenant's locations are never siblings of ours.
      await create({ name: 'Foreign north', code: 'N' }, other);
      // Codes compare exactly, like tags, SKUs and the import's code lookups.
      await create({ name: 'Lower north', code: 'n' });
      // No code, no conflict.
      await create({ name: 'Uncoded 1', parentId: north.id });
      await create({ name: 'Uncoded 2', parentId: north.id });
      await create({ name: 'Uncoded top 1' });
      await create({ name: 'Uncoded top 2' });
    });

    it('answers two concurrent creates of the same code with one 201 and one 409, never a 500', async () => {
      const parent = await create({ name: 'Race parent' });
      for (let round = 0; round < 5; round += 1) {
        for (const parentId of [parent.id, undefined]) {
          const body = { name: `Race ${round} ${parentId ? 'child' : 'top'}`, code: `RACE-${round}`, ...(parentId ? { parentId } : {}) };
          const responses = await Promise.all([post(body), post(body)]);
          expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
          expectCodeTaken(responses.find((r) => r.status === 409) as (typeof responses)[number], `RACE-${round}`);
          expect(await countNamed(body.name)).toBe(1);
        }
      }
    });
  });

  describe('update', () => {
    it('refuses changing the code to a sibling’s and changes nothing; another parent’s code is fine', async () => {
      const site = await create({ name: 'Update site' });
      const elsewhere = await create({ name: 'Update elsewhere' });
      await create({ name: 'Update A', code: 'UA', parentId: site.id });
      const b = await create({ name: 'Update B', code: 'UB', parentId: site.id });
      await create({ name: 'Update far', code: 'UF', parentId: elsewhere.id });

      const refused = await t.http().patch(`/api/v1/locations/${b.id}`).set(auth(admin)).send({ code: 'UA', name: 'Update B renamed' });
      expectCodeTaken(refused, 'UA');
      expect(await get(b.id)).toMatchObject({ code: 'UB', name: 'Update B', version: b.version });

      const fine = await t.http().patch(`/api/v1/locations/${b.id}`).set(auth(admin)).send({ code: 'UF' });
      expect(fine.status).toBe(200);
      expect(fine.body).toMatchObject({ code: 'UF', version: b.version + 1 });
      // Clearing codes never conflicts.
      const cleared = await t.http().patch(`/api/v1/locations/${b.id}`).set(auth(admin)).send({ code: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.code).toBeNull();
    });
  });

  describe('move', () => {
    it('refuses a move under a parent where a child has the code, and to the top level where a root has it; nothing moves', async () => {
      const from = await create({ name: 'Move from' });
      const to = await create({ name: 'Move to' });
      await create({ name: 'Move resident', code: 'M1', parentId: to.id });
      const mover = await create({ name: 'Move mover', code: 'M1', parentId: from.id });
      const grandchild = await create({ name: 'Move grandchild', parentId: mover.id });

      const refused = await t.http().post(`/api/v1/locations/${mover.id}/move`).set(auth(admin)).send({ parentId: to.id });
      expectCodeTaken(refused, 'M1');
      expect(await get(mover.id)).toMatchObject({ parentId: from.id, ancestorIds: [from.id], version: mover.version });
      expect((await get(grandchild.id)).ancestorIds).toEqual([from.id, mover.id]);

      await create({ name: 'Move root resident', code: 'M-ROOT' });
      const rootCoded = await create({ name: 'Move root mover', code: 'M-ROOT', parentId: from.id });
      const toTop = await t.http().post(`/api/v1/locations/${rootCoded.id}/move`).set(auth(admin)).send({ parentId: null });
      expectCodeTaken(toTop, 'M-ROOT');
      expect(await get(rootCoded.id)).toMatchObject({ parentId: from.id, version: rootCoded.version });

      // Under a parent without that code the move goes through.
      const free = await create({ name: 'Move free' });
      const moved = await t.http().post(`/api/v1/locations/${mover.id}/move`).set(auth(admin)).send({ parentId: free.id });
      expect(moved.status).toBe(200);
      expect(moved.body.parentId).toBe(free.id);
    });
  });

  describe('CSV import', () => {
    const importCsv = (csv: string, mode?: 'partial') =>
      t.http().post('/api/v1/locations/import').query(mode ? { mode } : {}).set(auth(admin)).set('Content-Type', 'text/csv').send(csv);

    it('fails rows whose code a sibling has (in the register or earlier in the file), naming the code column', async () => {
      await create({ name: 'Import site', code: 'IMP' });
      const csv =
        'name,code,parentPath\r\n' +
        'Import site again,IMP,\r\n' + // a root already has IMP
        'Import hall,IH,Import site\r\n' +
        'Import hall twin,IH,Import site\r\n' + // the row above took IH
        'Import other,IMP,Import site\r\n'; // IMP under a parent: fine
      const rejected = await importCsv(csv);
      expect(rejected.status).toBe(422);
      expect(rejected.body).toMatchObject({ total: 4, failed: 2, imported: 0 });
      expect(rejected.body.errors).toEqual([
        { row: 2, field: 'code', message: expect.stringContaining('code "IMP"') },
        { row: 4, field: 'code', message: expect.stringContaining('code "IH"') },
      ]);
      expect(await countNamed('Import hall')).toBe(0);

      const partial = await importCsv(csv, 'partial');
      expect(partial.status).toBe(200);
      expect(partial.body).toMatchObject({ mode: 'partial', total: 4, imported: 2, failed: 2 });
      expect(partial.body.errors.map((e: { row: number; field?: string }) => [e.row, e.field])).toEqual([
        [2, 'code'],
        [4, 'code'],
      ]);
      expect(partial.body.created.map((c: { row: number; code: string }) => [c.row, c.code])).toEqual([
        [3, 'IH'],
        [5, 'IMP'],
      ]);
    });
  });

  describe('migration', () => {
    it('keeps the oldest code of each group of duplicate siblings and suffixes the others', async () => {
      const owner = new DataSource({ type: 'postgres', url: t.config.database.ownerUrl });
      await owner.initialize();
      const runner = owner.createQueryRunner();
      try {
        // Data written before the rule: the index is not there yet.
        await runner.query(`drop index locations_sibling_code_idx`);
        const legacyTenant = randomUUID();
        const root = randomUUID();
        const [older, newer, cousin, uncoded1, uncoded2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
        /** A location as written before the rule; `parent` null for a top-level one. */
        const insert = (id: string, parent: string | null, code: string | null, createdAt: string) =>
          runner.query(
            `insert into locations (id, tenant_id, parent_id, path, depth, name, code, kind, created_at, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, 'area', $8, $8)`,
            [id, legacyTenant, parent, parent ? `/${parent}/${id}/` : `/${id}/`, parent ? 1 : 0, `Legacy ${id}`, code, createdAt],
          );
        await insert(root, null, 'LEGACY', '2025-01-01T00:00:00Z');
        await insert(newer, root, 'DUP', '2025-02-01T00:00:00Z');
        await insert(older, root, 'DUP', '2025-01-15T00:00:00Z');
        await insert(cousin, null, 'DUP', '2025-03-01T00:00:00Z'); // top level, not a sibling of the two above
        await insert(uncoded1, root, null, '2025-01-02T00:00:00Z');
        await insert(uncoded2, root, null, '2025-01-03T00:00:00Z');
        const secondRoot = randomUUID();
        await insert(secondRoot, null, 'LEGACY', '2025-04-01T00:00:00Z');

        await new LocationsSiblingCodeUnique1767100000001().up(runner);

        const rows: Array<{ id: string; code: string | null; version: number }> = await runner.query(
          `select id, code, version from locations where tenant_id = $1`,
          [legacyTenant],
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        expect(byId.get(older)).toMatchObject({ code: 'DUP', version: 1 });
        expect(byId.get(newer)).toMatchObject({ code: `DUP~${newer.slice(0, 8)}`, version: 2 });
        expect(byId.get(cousin)).toMatchObject({ code: 'DUP', version: 1 });
        expect(byId.get(root)).toMatchObject({ code: 'LEGACY', version: 1 });
        expect(byId.get(secondRoot)).toMatchObject({ code: `LEGACY~${secondRoot.slice(0, 8)}`, version: 2 });
        expect([byId.get(uncoded1)?.code, byId.get(uncoded2)?.code]).toEqual([null, null]);
        const [{ indexdef }]: Array<{ indexdef: string }> = await runner.query(`select indexdef from pg_indexes where indexname = 'locations_sibling_code_idx'`);
        expect(indexdef).toContain('NULLS NOT DISTINCT');
      } finally {
        await runner.release();
        await owner.destroy();
      }
    });
  });
});
