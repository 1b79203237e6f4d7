/**
 * Finding the record an in-doubt create made, on systems with no field a tag can be written to and
 * searched by (Limble, Fiix, UpKeep, MaintainX): the records the system shows as changed since the
 * first attempt began (its modification filter where it has one, else a scan of the listing) whose
 * fields hold every value the create sent. A record created since then has a modification time
 * since then, so it is among them; the caller decides what one, none or several matches mean.
 */
import type { EntityOperations, UnifiedEntity } from '../adapter';
import type { JsonObject } from '../upstream-reply';

export interface CreatedLookupOptions {
  /** Records asked for per page (within what the system allows). */
  pageSize: number;
  /** The scan gives up (undecided) beyond this many pages rather than holding the write for minutes. */
  maxPages: number;
  /** The fields the create's first call sends (Limble sets `statusID` only after it). */
  sentOnCreate?: (fields: JsonObject) => JsonObject;
  /** Whether a listed record is the one the create made (default: it holds every value sent). */
  holds?: (remote: JsonObject, sent: JsonObject) => boolean;
}

export const CREATED_LOOKUP_DEFAULTS: CreatedLookupOptions = { pageSize: 100, maxPages: 50 };

/** True when `remote` holds every value of `sent`: scalars alike as text (a system may echo 2 as "2"), objects by their keys, lists element by element. */
export function holdsSent(remote: unknown, sent: unknown): boolean {
  if (sent === null || sent === undefined) return remote === null || remote === undefined || remote === '';
  if (Array.isArray(sent)) return Array.isArray(remote) && remote.length === sent.length && sent.every((value, index) => holdsSent(remote[index], value));
  if (typeof sent === 'object') {
    if (typeof remote !== 'object' || remote === null || Array.isArray(remote)) return false;
    return Object.entries(sent).every(([key, value]) => holdsSent((remote as Record<string, unknown>)[key], value));
  }
  return typeof remote !== 'object' && remote !== null && remote !== undefined && String(remote) === String(sent);
}

/** `findCreated` over an entity's `list` (the adapter's own paging and modification filter). */
export function createdLookup(list: NonNullable<EntityOperations['list']>, options: CreatedLookupOptions = CREATED_LOOKUP_DEFAULTS): NonNullable<EntityOperations['findCreated']> {
  return async (connection, session, fields, since) => {
    const sent = options.sentOnCreate ? options.sentOnCreate(fields) : fields;
    const holds = options.holds ?? holdsSent;
    const sinceMs = Date.parse(since);
    const matches = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < options.maxPages; pages += 1) {
      const page = await list(connection, session, { pageSize: options.pageSize, cursor, modifiedSince: since });
      for (const record of page.records) {
        // Where the system cannot filter by modification, the scan does (a record without a time stays a candidate).
        const modified = record.remoteUpdatedAt === undefined ? Number.NaN : Date.parse(record.remoteUpdatedAt);
        if (!(modified < sinceMs) && holds(record.fields, sent)) matches.push(record);
      }
      if (!page.nextCursor) return matches;
      cursor = page.nextCursor;
    }
    return undefined;
  };
}

/** Adds `findCreated` to the listed entities of an adapter's operations. */
export function withCreatedLookup(
  operations: Partial<Record<UnifiedEntity, EntityOperations>>,
  entities: readonly UnifiedEntity[],
  options: CreatedLookupOptions = CREATED_LOOKUP_DEFAULTS,
): Partial<Record<UnifiedEntity, EntityOperations>> {
  const result = { ...operations };
  for (const entity of entities) {
    const current = result[entity];
    if (current?.list && current.create) result[entity] = { ...current, findCreated: createdLookup(current.list, options) };
  }
  return result;
}
