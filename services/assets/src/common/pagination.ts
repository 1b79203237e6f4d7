import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import {
  CursorPageQuery,
  cursorValues,
  decodePageCursor,
  DEFAULT_PAGE_SIZE,
  encodePageCursor,
  invalidCursor,
  ProblemException,
} from '@mate/service-kit';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** Query parameters shared by every list endpoint. */
export class PageQueryDto extends CursorPageQuery {
  @ApiPropertyOptional({ description: 'Sort field, `-` prefix for descending, e.g. `-createdAt`' })
  @IsOptional()
  @IsString()
  @Matches(/^-?[a-zA-Z]+$/)
  sort?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export type SortType = 'text' | 'timestamptz' | 'numeric' | 'int';

export interface SortField<E> {
  /** SQL expression of a NOT NULL column, e.g. `a.name`. */
  column: string;
  type: SortType;
  /** The sort value of a loaded row, as text. */
  valueOf: (row: E) => string;
}

/**
 * Keyset pagination on (sort column, id): stable under concurrent inserts, no OFFSET scans.
 * Applies order, the cursor condition and limit+1 to `qb`; call `finish` with the loaded rows.
 */
export function paginate<E extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<E>,
  alias: string,
  query: PageQueryDto,
  fields: Record<string, SortField<E>>,
  defaultSort: string,
): { finish: (rows: E[]) => Page<E> } {
  const sort = query.sort ?? defaultSort;
  const descending = sort.startsWith('-');
  const key = descending ? sort.slice(1) : sort;
  const field = fields[key];
  if (!field) {
    throw ProblemException.validation([
      { field: 'sort', message: `sort must be one of ${Object.keys(fields).join(', ')} (optionally prefixed with -)` },
    ]);
  }
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const direction = descending ? 'DESC' : 'ASC';
  if (query.cursor) {
    // Checked against the casts below, so a forged cursor answers 400 naming `cursor`, not a 500.
    const payload = decodePageCursor(query.cursor);
    if (payload.k !== sort) throw invalidCursor('cursor was made for another sort order');
    const cursor = cursorValues(payload, { v: field.type, id: 'uuid' });
    qb.andWhere(`(${field.column}, ${alias}.id) ${descending ? '<' : '>'} (CAST(:cursorValue AS ${field.type}), CAST(:cursorId AS uuid))`, {
      cursorValue: cursor.v,
      cursorId: cursor.id,
    });
  }
  qb.orderBy(field.column, direction).addOrderBy(`${alias}.id`, direction).take(undefined).limit(limit + 1);
  return {
    finish: (rows) => {
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? encodePageCursor({ k: sort, v: field.valueOf(last), id: last.id }) : null,
      };
    },
  };
}

export function mapPage<A, B>(page: Page<A>, map: (item: A) => B): Page<B> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}
