import {
  cursorValues,
  decodePageCursor,
  DEFAULT_PAGE_SIZE,
  encodePageCursor,
  invalidCursor,
  type CursorPageQuery,
  type CursorValueType,
} from '@mate/service-kit';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** One column of a page's order; together the columns are unique (the last one is the id). */
export interface KeysetColumn {
  /** Its name in the cursor. */
  name: string;
  /** SQL of a NOT NULL column, e.g. `c.created_at`. */
  sql: string;
  type: CursorValueType;
}

/** A sub-collection's order: `list` tags its cursors so that one list's cursor is refused by another. */
export interface PageOrder {
  list: string;
  columns: readonly KeysetColumn[];
}

/** Rows in the order they were added: creation time, ties broken by id. */
export function creationOrder(list: string, alias: string): PageOrder {
  return {
    list,
    columns: [
      { name: 'at', sql: `${alias}.created_at`, type: 'timestamptz' },
      { name: 'id', sql: `${alias}.id`, type: 'uuid' },
    ],
  };
}

export function mapPage<A, B>(page: Page<A>, map: (item: A) => B): Page<B> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}

/**
 * One page of `qb` (already narrowed to one work order) in ascending keyset order: stable under
 * concurrent inserts, no OFFSET. The cursor's values are checked against the casts of the query, so
 * a forged one answers 400 naming `cursor` instead of failing in PostgreSQL.
 */
export async function fetchPage<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, order: PageOrder, query: CursorPageQuery): Promise<Page<E>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const shape = Object.fromEntries(order.columns.map((column) => [column.name, column.type]));
  if (query.cursor) {
    const payload = decodePageCursor(query.cursor);
    if (payload.k !== order.list) throw invalidCursor(`cursor was not made for this list (${order.list}): pass its own nextCursor`);
    const values = cursorValues(payload, shape);
    const left = order.columns.map((column) => column.sql).join(', ');
    const right = order.columns.map((column) => `cast(:cursor_${column.name} as ${column.type})`).join(', ');
    qb.andWhere(
      `(${left}) > (${right})`,
      Object.fromEntries(order.columns.map((column) => [`cursor_${column.name}`, values[column.name]])),
    );
  }
  order.columns.forEach((column, index) => (index === 0 ? qb.orderBy(column.sql, 'ASC') : qb.addOrderBy(column.sql, 'ASC')));
  // The cursor takes the values as PostgreSQL prints them: a Date would drop a timestamp's microseconds.
  for (const column of order.columns) qb.addSelect(`${column.sql}::text`, `cursor_${column.name}`);
  const { entities, raw } = await qb.limit(limit + 1).getRawAndEntities<Record<string, string>>();
  const items = entities.slice(0, limit);
  if (entities.length <= limit) return { items, nextCursor: null };
  // No joins: one raw row per entity, in the same order.
  const last = raw[limit - 1];
  const payload: Record<string, string> = { k: order.list };
  for (const column of order.columns) payload[column.name] = last[`cursor_${column.name}`];
  return { items, nextCursor: encodePageCursor(payload) };
}
