import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '@mate/service-kit';
import { Note } from './fixture/note.entity';
import { startFixtureApp, type FixtureApp } from './fixture/start-fixture-app';

describe('chassis: tenant isolation (query filter + row-level security)', () => {
  let fixture: FixtureApp;
  let tenantTransactions: TenantTransactions;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  let noteOfA: string;
  let noteOfB: string;

  beforeAll(async () => {
    fixture = await startFixtureApp();
    tenantTransactions = fixture.app.get(TenantTransactions);
    const http = request(fixture.app.getHttpServer());
    const a = await fixture.token(tenantA, ['planner']);
    const b = await fixture.token(tenantB, ['planner']);
    noteOfA = (await http.post('/api/v1/notes').set('Authorization', `Bearer ${a}`).send({ title: 'A1' })).body.id;
    await http.post('/api/v1/notes').set('Authorization', `Bearer ${a}`).send({ title: 'A2' });
    noteOfB = (await http.post('/api/v1/notes').set('Authorization', `Bearer ${b}`).send({ title: 'B1' })).body.id;
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('lists only the caller’s notes', async () => {
    const token = await fixture.token(tenantA, ['viewer']);
    const response = await request(fixture.app.getHttpServer()).get('/api/v1/notes').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.body.map((note: { title: string }) => note.title)).toEqual(['A1', 'A2']);
  });

  it('answers 404, not 403, for another tenant’s note', async () => {
    const token = await fixture.token(tenantA, ['admin']);
    const http = request(fixture.app.getHttpServer());
    const read = await http.get(`/api/v1/notes/${noteOfB}`).set('Authorization', `Bearer ${token}`);
    expect(read.status).toBe(404);
    const archive = await http.post(`/api/v1/notes/${noteOfB}/archive`).set('Authorization', `Bearer ${token}`);
    expect(archive.status).toBe(404);
    const own = await http.get(`/api/v1/notes/${noteOfA}`).set('Authorization', `Bearer ${token}`);
    expect(own.status).toBe(200);
  });

  it('row-level security hides other tenants even when a query forgets the tenant filter', async () => {
    const unfiltered = await tenantTransactions.run(tenantA, (manager) => manager.find(Note));
    expect(unfiltered.map((note) => note.title).sort()).toEqual(['A1', 'A2']);

    const raw = await tenantTransactions.run(tenantA, (manager) =>
      manager.query<{ title: string }[]>('select title from notes order by title'),
    );
    expect(raw.map((row) => row.title)).toEqual(['A1', 'A2']);

    const byId = await tenantTransactions.run(tenantA, (manager) => manager.findOneBy(Note, { id: noteOfB }));
    expect(byId).toBeNull();
  });

  it('sees nothing at all outside a tenant transaction', async () => {
    const rows = await fixture.dataSource.query<unknown[]>('select * from notes');
    expect(rows).toEqual([]);
  });

  it('cannot write a row into another tenant', async () => {
    await expect(
      tenantTransactions.run(tenantA, (manager) =>
        manager.insert(Note, { id: randomUUID(), tenantId: tenantB, title: 'smuggled', lines: [], archived: false }),
      ),
    ).rejects.toThrow(/row-level security/);
    const changed = await tenantTransactions.run(tenantA, (manager) =>
      manager.query<unknown[]>(`update notes set title = 'hijacked' where id = $1 returning id`, [noteOfB]),
    );
    expect(changed).toEqual([[], 0]);
  });

  it('does not carry the tenant over to the next use of a pooled connection', async () => {
    // One connection only, so the follow-up query surely reuses the transaction's connection.
    const single = new DataSource({ type: 'postgres', url: fixture.config.database.appUrl, extra: { max: 1 } });
    await single.initialize();
    try {
      const seen = await new TenantTransactions(single).run(tenantA, (manager) =>
        manager.query<{ tenant: string }[]>(`select current_setting('app.tenant_id', true) as tenant`),
      );
      expect(seen[0]?.tenant).toBe(tenantA);
      const after = await single.query<{ tenant: string | null }[]>(
        `select nullif(current_setting('app.tenant_id', true), '') as tenant`,
      );
      expect(after[0]?.tenant).toBeNull();
      expect(await single.query<unknown[]>('select id from notes')).toEqual([]);
    } finally {
      await single.destroy();
    }
  });

  it('connects as an application role that owns no tables and cannot bypass RLS', async () => {
    const [who] = await fixture.dataSource.query<{ user: string }[]>('select current_user as user');
    expect(who?.user).toBe(fixture.config.database.appRole);

    const [role] = await fixture.dataSource.query<{ rolsuper: boolean; rolbypassrls: boolean }[]>(
      'select rolsuper, rolbypassrls from pg_roles where rolname = current_user',
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });

    const owned = await fixture.dataSource.query<unknown[]>(
      `select tablename from pg_tables where tableowner = current_user`,
    );
    expect(owned).toEqual([]);

    const [table] = await fixture.dataSource.query<{ relrowsecurity: boolean; relforcerowsecurity: boolean }[]>(
      `select relrowsecurity, relforcerowsecurity from pg_class where relname = 'notes'`,
    );
    expect(table).toEqual({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it('stores the rows with their tenant (checked as the owner, who sees all)', async () => {
    const owner = new DataSource({ type: 'postgres', url: fixture.config.database.ownerUrl });
    await owner.initialize();
    try {
      // FORCE RLS applies to the owner as well; a superuser still sees everything.
      const rows = await owner.query<{ tenant_id: string }[]>('select tenant_id from notes');
      expect(rows.filter((row) => row.tenant_id === tenantA)).toHaveLength(2);
      expect(rows.filter((row) => row.tenant_id === tenantB)).toHaveLength(1);
    } finally {
      await owner.destroy();
    }
  });
});
