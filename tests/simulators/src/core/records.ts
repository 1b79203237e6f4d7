/** How stored records become API records, and the paging styles the systems use. */
import type { CollectionSpec, Fields, StoredRecord } from './store';

export type TimeFormat = (date: Date) => unknown;

export const isoTime: TimeFormat = (date) => date.toISOString();
export const epochMillis: TimeFormat = (date) => date.getTime();
export const epochSeconds: TimeFormat = (date) => Math.floor(date.getTime() / 1000);

/** Native fields plus the store's id, modification time and (where the system shows it) delete flag. */
export function renderRecord(spec: CollectionSpec, record: StoredRecord, formatTime: TimeFormat, formatId: (id: number) => unknown = (id) => id): Fields {
  const rendered: Fields = { [spec.idField]: formatId(record.id), ...record.fields, [spec.modifiedField]: formatTime(record.modifiedAt) };
  if (spec.deletedField) rendered[spec.deletedField] = record.deleted;
  return rendered;
}

/** A whole number from a query value, or `fallback`; undefined if present but not a whole number ≥ `min`. */
export function queryInteger(value: unknown, fallback: number, min = 0): number | undefined {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= min ? parsed : undefined;
}

export interface OffsetPage<T> {
  items: T[];
  total: number;
  hasMore: boolean;
}

export function offsetPage<T>(items: readonly T[], offset: number, limit: number): OffsetPage<T> {
  return { items: items.slice(offset, offset + limit), total: items.length, hasMore: offset + limit < items.length };
}

/** Keyset paging: the cursor names the last id returned, so records created meanwhile are neither skipped nor repeated. */
export function cursorPage(records: readonly StoredRecord[], cursor: string | undefined, limit: number): { items: StoredRecord[]; nextCursor: string | null } | undefined {
  let afterId = 0;
  if (cursor) {
    const decoded = /^after:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!decoded) return undefined;
    afterId = Number(decoded[1]);
  }
  const rest = records.filter((record) => record.id > afterId);
  const items = rest.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rest.length > limit && last ? Buffer.from(`after:${last.id}`).toString('base64url') : null;
  return { items, nextCursor };
}
