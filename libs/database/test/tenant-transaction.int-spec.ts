import { randomUUID } from 'node:crypto';
import { recreateDatabase } from '@mate/testing';
import { Client } from 'pg';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { withTenantTransaction } from '../src';

@Entity('items')
class Item {
  @PrimaryColumn('int')
  id!: number;

  @Column('text')
  label!: string;
}

/**
 * withTenantTransaction starts its transaction and sets the tenant in one round trip, setting
 * TypeORM's transaction bookkeeping itself: these prove TypeORM still behaves as inside its own
 * transaction() (a save joins it, a nested transaction is a savepoint, errors roll back).
 */
describe('withTenantTransaction (real database)', () => {
  let dataSource: DataSource;
  let url: string;
  const tenantId = randomUUID();

  beforeAll(async () => {
    url = await recreateDatabase('mate_database_tenant_transaction');
    // One connection: what one transaction leaves behind, the next one sees.
    dataSource = new DataSource({ type: 'postgres', url, entities: [Item], extra: { max: 1 } });
    await dataSource.initialize();
    await dataSource.query('create table items (id int primary key, label text not null)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    await dataSource.query('truncate items');
  });

  const countItems = async () => ((await dataSource.query('select count(*)::int as n from items')) as Array<{ n: number }>)[0].n;

  it('sets the tenant for the transaction only, and commits', async () => {
    const inside = await withTenantTransaction(dataSource, tenantId, async (manager) => {
      await manager.save(Item, { id: 1, label: 'one' });
      const [row] = (await manager.query(`select current_setting('app.tenant_id', true) as tenant`)) as Array<{ tenant: string }>;
      return row;
    });
    expect(inside.tenant).toBe(tenantId);
    expect(await countItems()).toBe(1);
    const [after] = (await dataSource.query(`select coalesce(current_setting('app.tenant_id', true), '') as tenant`)) as Array<{ tenant: string }>;
    expect(after.tenant).toBe('');
  });

  it('rolls back everything, save() included, when the work throws, and leaves the connection clean', async () => {
    const attempt = withTenantTransaction(dataSource, tenantId, async (manager) => {
      await manager.save(Item, { id: 1, label: 'one' });
      await manager.save(Item, [{ id: 2, label: 'two' }, { id: 3, label: 'three' }]);
      throw new Error('work failed');
    });
    await expect(attempt).rejects.toThrow('work failed');
    // Looked at from another session: a backend's own view of itself is always 'active'.
    const [{ pid }] = (await dataSource.query('select pg_backend_pid() as pid')) as Array<{ pid: number }>;
    const observer = new Client({ connectionString: url });
    await observer.connect();
    try {
      const { rows } = await observer.query<{ state: string }>('select state from pg_stat_activity where pid = $1', [pid]);
      expect(rows).toEqual([{ state: 'idle' }]);
    } finally {
      await observer.end();
    }
    expect(await countItems()).toBe(0);
  });

  it('rolls back when a statement fails, with the statement’s error', async () => {
    const attempt = withTenantTransaction(dataSource, tenantId, async (manager) => {
      await manager.save(Item, { id: 1, label: 'one' });
      await manager.query('insert into items (id, label) values (1, $1)', ['duplicate']);
    });
    await expect(attempt).rejects.toThrow(/duplicate key/);
    expect(await countItems()).toBe(0);
    await expect(withTenantTransaction(dataSource, tenantId, (manager) => manager.save(Item, { id: 1, label: 'again' }))).resolves.toBeDefined();
    expect(await countItems()).toBe(1);
  });

  it('makes a nested transaction a savepoint: its failure undoes only its own work', async () => {
    await withTenantTransaction(dataSource, tenantId, async (manager) => {
      await manager.save(Item, { id: 1, label: 'outer' });
      await expect(
        manager.transaction(async (nested) => {
          await nested.save(Item, { id: 2, label: 'inner' });
          throw new Error('inner failed');
        }),
      ).rejects.toThrow('inner failed');
      await manager.transaction((nested) => nested.save(Item, { id: 3, label: 'inner kept' }));
    });
    const rows = (await dataSource.query('select id from items order by id')) as Array<{ id: number }>;
    expect(rows.map((row) => row.id)).toEqual([1, 3]);
  });

  it('refuses a tenant id that is not a uuid before sending anything', async () => {
    const work = jest.fn();
    await expect(withTenantTransaction(dataSource, `x'); drop table items; --`, work)).rejects.toThrow('tenant id must be a uuid');
    expect(work).not.toHaveBeenCalled();
    expect(await countItems()).toBe(0);
    await expect(dataSource.query('select 1 as ok')).resolves.toEqual([{ ok: 1 }]);
  });
});
