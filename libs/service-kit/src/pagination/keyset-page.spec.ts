import type { SelectQueryBuilder } from 'typeorm';
import { ProblemException } from '../errors/problem.exception';
import { decodePageCursor, encodePageCursor } from './cursor';
import { creationOrder, KeysetPage, mapPage, sortOrder, type SortKey } from './keyset-page';

// The services' integration suites walk real lists in PostgreSQL; this covers the SQL built and the cursors.

const ID = '0b9f6c7e-2a55-4bb1-9d1c-8c3f1f5b9a10';
const KEYS: Record<string, SortKey> = { name: { sql: 'a.name', type: 'text' }, createdAt: { sql: 'a.created_at', type: 'timestamptz' } };

/** Records what the page asks of the query builder. */
class RecordingQuery {
  readonly calls: string[] = [];
  andWhere(sql: string, parameters: Record<string, unknown>): this {
    this.calls.push(`where ${sql} ${JSON.stringify(parameters)}`);
    return this;
  }
  orderBy(sql: string, direction: string): this {
    this.calls.push(`order ${sql} ${direction}`);
    return this;
  }
  addOrderBy(sql: string, direction: string): this {
    return this.orderBy(sql, direction);
  }
  addSelect(sql: string, alias: string): this {
    this.calls.push(`select ${sql} as ${alias}`);
    return this;
  }
  take(): this {
    return this;
  }
  limit(limit: number): this {
    this.calls.push(`limit ${limit}`);
    return this;
  }
}

function apply(page: KeysetPage): string[] {
  const qb = new RecordingQuery();
  page.apply(qb as unknown as SelectQueryBuilder<{ id: string }>);
  return qb.calls;
}

function problemOf(action: () => unknown): ProblemException {
  try {
    action();
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('keyset pages', () => {
  it('orders by the sort key and the id, one row more than the limit, without a cursor condition on the first page', () => {
    expect(apply(new KeysetPage(sortOrder('-createdAt', KEYS, 'a.id'), { limit: 2 }))).toEqual([
      'order a.created_at DESC',
      'order a.id DESC',
      'select a.created_at::text as cursor_v',
      'select a.id::text as cursor_id',
      'limit 3',
    ]);
  });

  it('continues after the cursor in the direction of the order', () => {
    const cursor = encodePageCursor({ k: 'name', v: 'Pump', id: ID });
    expect(apply(new KeysetPage(sortOrder('name', KEYS, 'a.id'), { cursor }))[0]).toBe(
      `where (a.name, a.id) > (cast(:cursor_v as text), cast(:cursor_id as uuid)) {"cursor_v":"Pump","cursor_id":"${ID}"}`,
    );
    const after = encodePageCursor({ k: 'comments', at: '2026-01-31 10:00:00.123456+00', id: ID });
    expect(apply(new KeysetPage(creationOrder('comments', 'c'), { cursor: after }))[0]).toContain('(c.created_at, c.id) > (cast(:cursor_at as timestamptz), cast(:cursor_id as uuid))');
  });

  it('answers 400 naming sort for an unknown sort key', () => {
    expect(problemOf(() => sortOrder('colour', KEYS, 'a.id')).problem.errors).toEqual([
      { field: 'sort', message: 'sort must be one of name, createdAt (optionally prefixed with -)' },
    ]);
  });

  it('answers 400 naming cursor, before any query, for a cursor of another sort or list, or with bad values', () => {
    const byName = sortOrder('name', KEYS, 'a.id');
    for (const cursor of [
      encodePageCursor({ k: '-name', v: 'Pump', id: ID }),
      encodePageCursor({ k: 'comments', at: '2026-01-31T10:00:00Z', id: ID }),
      encodePageCursor({ k: 'name', v: 'Pump', id: 'not-a-uuid' }),
      encodePageCursor({ k: 'name', id: ID }),
      'not a cursor!',
    ]) {
      const problem = problemOf(() => new KeysetPage(byName, { cursor }));
      expect(problem.getStatus()).toBe(400);
      expect(problem.problem.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });

  it('ends the page at the limit with a cursor made of the last item’s keys as PostgreSQL printed them', () => {
    const page = new KeysetPage(creationOrder('comments', 'c'), { limit: 2 });
    const raw = ['1', '2', '3'].map((n) => ({ cursor_at: `2026-01-31 10:00:0${n}.123456+00`, cursor_id: ID }));
    const full = page.finish(['a', 'b', 'c'], raw);
    expect(full.items).toEqual(['a', 'b']);
    expect(decodePageCursor(full.nextCursor ?? '')).toEqual({ k: 'comments', at: '2026-01-31 10:00:02.123456+00', id: ID });
    expect(page.finish(['a', 'b'], raw.slice(0, 2))).toEqual({ items: ['a', 'b'], nextCursor: null });
    expect(mapPage(full, (item) => item.toUpperCase()).items).toEqual(['A', 'B']);
  });

  it('takes 50 items when the caller gives no limit', () => {
    expect(new KeysetPage(creationOrder('comments', 'c'), {}).limit).toBe(50);
  });
});
