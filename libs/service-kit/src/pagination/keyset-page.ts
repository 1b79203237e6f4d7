import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ProblemException } from '../errors/problem.exception';
import { cursorValues, decodePageCursor, encodePageCursor, invalidCursor, type CursorValueType } from './cursor';
import { DEFAULT_PAGE_SIZE, type CursorPageQuery } from './cursor-page.query';

/** One page of a keyset-paginated list. */
export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export function mapPage<A, B>(page: Page<A>, map: (item: A) => B): Page<B> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}

/** One column of a list's order. */
export interface KeysetColumn {
  /** Its name in the cursor. */
  name: string;
  /** SQL of a value that is never null, e.g. `c.created_at` or `coalesce(wo.due_at, 'infinity')`. */
  sql: string;
  type: CursorValueType;
}

/**
 * A list's order: its columns are unique together (the last one is the id). `tag` is written into
 * the cursors, so that a cursor of another list or sort order is refused instead of misread.
 */
export interface KeysetOrder {
  tag: string;
  columns: readonly KeysetColumn[];
  descending: boolean;
}

/** A key a caller may sort by: SQL of a value that is never null, and its type. */
export interface SortKey {
  sql: string;
  type: CursorValueType;
}

/**
 * The order a `sort` parameter names: one of `keys`, `-` prefixed for descending, ties broken by
 * `idSql` (a uuid). An unknown key answers 400 naming `sort`.
 */
export function sortOrder(sort: string, keys: Readonly<Record<string, SortKey>>, idSql: string): KeysetOrder {
  const descending = sort.startsWith('-');
  const key = keys[descending ? sort.slice(1) : sort];
  if (!key) {
    throw ProblemException.validation([
      { field: 'sort', message: `sort must be one of ${Object.keys(keys).join(', ')} (optionally prefixed with -)` },
    ]);
  }
  return { tag: sort, descending, columns: [{ name: 'v', ...key }, { name: 'id', sql: idSql, type: 'uuid' }] };
}

/** Rows in the order they were added (or newest first): creation time, ties broken by id. */
export function creationOrder(tag: string, alias: string, { newestFirst = false } = {}): KeysetOrder {
  return {
    tag,
    descending: newestFirst,
    columns: [
      { name: 'at', sql: `${alias}.created_at`, type: 'timestamptz' },
      { name: 'id', sql: `${alias}.id`, type: 'uuid' },
    ],
  };
}

/** How `apply` selects an order column; a query written in SQL selects its columns so too. */
const selectedAs = (column: Pick<KeysetColumn, 'name'>): string => `cursor_${column.name}`;

/**
 * Keyset pagination: stable under concurrent inserts, no OFFSET scans. Made from the caller's
 * `limit` and `cursor` before any query runs: a forged cursor (garbled, of another list or sort, a
 * value its SQL cast would fail on) answers 400 naming `cursor`, never a 500 from PostgreSQL.
 */
export class KeysetPage {
  readonly limit: number;
  /**
   * The cursor's values by column name as SQL parameter text, checked against their types; for a
   * query written in SQL, which also selects each order column as text named `cursor_<name>`.
   */
  readonly after: Readonly<Record<string, string>> | undefined;

  constructor(
    private readonly order: KeysetOrder,
    query: CursorPageQuery,
    { defaultLimit = DEFAULT_PAGE_SIZE } = {},
  ) {
    this.limit = query.limit ?? defaultLimit;
    this.after = query.cursor === undefined ? undefined : this.decode(query.cursor);
  }

  /**
   * Narrows `qb` to the rows after the cursor, in order, one more than a page (to know whether
   * another follows), and selects each order column as text: the cursor takes the values as
   * PostgreSQL prints them (a Date would drop a timestamp's microseconds).
   */
  apply<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>): SelectQueryBuilder<E> {
    const { columns, descending } = this.order;
    const after = this.after;
    if (after) {
      const left = columns.map((column) => column.sql).join(', ');
      const right = columns.map((column) => `cast(:${selectedAs(column)} as ${column.type})`).join(', ');
      qb.andWhere(`(${left}) ${descending ? '<' : '>'} (${right})`, Object.fromEntries(columns.map((column) => [selectedAs(column), after[column.name]])));
    }
    const direction = descending ? 'DESC' : 'ASC';
    columns.forEach((column, index) => (index === 0 ? qb.orderBy(column.sql, direction) : qb.addOrderBy(column.sql, direction)));
    for (const column of columns) qb.addSelect(`${column.sql}::text`, selectedAs(column));
    return qb.take(undefined).limit(this.limit + 1);
  }

  /**
   * The page from what the applied query returned: `rows` and the raw rows they were made from,
   * one raw row per item in the same order (no to-many joins).
   */
  finish<T>(rows: readonly T[], raw: ReadonlyArray<Record<string, unknown>>): Page<T> {
    const items = rows.slice(0, this.limit);
    if (rows.length <= this.limit) return { items, nextCursor: null };
    const last = raw[this.limit - 1];
    const payload: Record<string, string> = { k: this.order.tag };
    for (const column of this.order.columns) payload[column.name] = String(last[selectedAs(column)]);
    return { items, nextCursor: encodePageCursor(payload) };
  }

  /** Applies the page to `qb`, loads its entities and finishes the page. */
  async fetch<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>): Promise<Page<E>> {
    const { entities, raw } = await this.apply(qb).getRawAndEntities<Record<string, unknown>>();
    return this.finish(entities, raw);
  }

  private decode(cursor: string): Record<string, string> {
    const payload = decodePageCursor(cursor);
    if (payload.k !== this.order.tag) throw invalidCursor('cursor was made for another sort order or list: pass the nextCursor of this list and sort');
    return cursorValues(payload, Object.fromEntries(this.order.columns.map((column) => [column.name, column.type])));
  }
}
