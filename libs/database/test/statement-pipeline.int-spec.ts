import { recreateDatabase } from '@mate/testing';
import { DataSource, type EntityManager } from 'typeorm';
import { arrayLiteral, StatementPipeline } from '../src';

/** StatementPipeline and arrayLiteral on a real PostgreSQL transaction, as bulk writers use them. */
describe('StatementPipeline (real database)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const url = await recreateDatabase('mate_database_pipeline');
    dataSource = new DataSource({ type: 'postgres', url, extra: { max: 1 } });
    await dataSource.initialize();
    await dataSource.query('create table items (id int primary key, label text, at timestamptz)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    await dataSource.query('truncate items');
  });

  /** A statement inserting `ids` with `labels`, the way bulk writers pass arrays. */
  const insert = (manager: EntityManager, ids: number[], labels: (string | null)[]) => () =>
    manager.query(`insert into items (id, label, at) select * from unnest($1::int[], $2::text[], $3::timestamptz[])`, [
      arrayLiteral(ids.map(String)),
      arrayLiteral(labels),
      arrayLiteral(ids.map((id) => new Date(Date.UTC(2026, 0, 1, 0, 0, id)).toISOString())),
    ]);

  it('runs the statements sent, in order, in the caller transaction', async () => {
    await dataSource.transaction(async (manager) => {
      const pipeline = new StatementPipeline();
      await pipeline.send(insert(manager, [1, 2], ['plain', 'a,b "quoted" \\ {braces}']));
      await pipeline.send(insert(manager, [3, 4], [null, 'NULL']));
      await pipeline.finish();
    });
    const rows: Array<{ id: number; label: string | null; at: Date }> = await dataSource.query('select id, label, at from items order by id');
    expect(rows.map((row) => [row.id, row.label])).toEqual([
      [1, 'plain'],
      [2, 'a,b "quoted" \\ {braces}'],
      [3, null],
      [4, 'NULL'],
    ]);
    expect(rows[3].at.toISOString()).toBe('2026-01-01T00:00:04.000Z');
  });

  it('fails with the first failure, rolls the whole transaction back and leaves the connection usable', async () => {
    const attempt = dataSource.transaction(async (manager) => {
      const pipeline = new StatementPipeline();
      await pipeline.send(insert(manager, [1, 2], ['a', 'b']));
      await pipeline.send(insert(manager, [2, 3], ['again', 'c'])); // duplicate key 2
      await pipeline.send(insert(manager, [5], ['never sent']));
      await pipeline.finish();
    });
    await expect(attempt).rejects.toThrow(/duplicate key/);
    expect(await dataSource.query('select count(*)::int as n from items')).toEqual([{ n: 0 }]);
    expect(await dataSource.query('select 1 as ok')).toEqual([{ ok: 1 }]);
  });
});
