/**
 * What the six systems' reads share: the table a read is for (a unified entity's collection from
 * the mapping declaration, or a custom table named by the connection's settings), remote records
 * with their id and ISO modification time, and offset cursors.
 */
import { MAPPINGS, fromRemote, type LinesMapping, type Transform } from '../../unified';
import type { AdapterConnection, AuthSession, CustomTableOperations, CustomTableRef, EntityOperations, ListQuery, RemotePage, RemoteRecord, SystemKind, UnifiedEntity } from '../adapter';
import { UNIFIED_ENTITIES } from '../adapter';
import { UpstreamFailure } from '../failure';
import { isJsonObject, type JsonObject, type UpstreamReply } from '../upstream-reply';

/** A collection as a read needs it. */
export interface ReadTable {
  remote: string;
  /** OData service (SAP) holding the collection. */
  service?: string;
  idField: string;
  modifiedField?: string;
  modifiedTransform?: Transform;
  filter?: Readonly<Record<string, string | number>>;
  lines?: LinesMapping;
}

export interface TableReads {
  list(connection: AdapterConnection, session: AuthSession, table: ReadTable, query: ListQuery): Promise<RemotePage>;
  get(connection: AdapterConnection, session: AuthSession, table: ReadTable, remoteId: string): Promise<RemoteRecord>;
}

/** A cursor the caller made up or mangled: the records API answers it as bad input, nothing goes upstream. */
export class InvalidCursorError extends Error {
  constructor(readonly cursor: string) {
    super('the cursor is not one this connection handed out');
  }
}

/** An offset cursor (`"200"`), 0 for the first page. */
export function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  if (!/^\d{1,12}$/.test(cursor)) throw new InvalidCursorError(cursor);
  return Number(cursor);
}

export function recordOf(fields: JsonObject, table: ReadTable): RemoteRecord {
  const modified = table.modifiedField === undefined ? null : fromRemote(fields[table.modifiedField], 'datetime', table.modifiedTransform);
  return { remoteId: String(fields[table.idField] ?? ''), ...(typeof modified === 'string' ? { remoteUpdatedAt: modified } : {}), fields };
}

/** The JSON object of a successful reply (a reply that is not one is a malformed, transient answer). */
export function bodyOf(reply: UpstreamReply, system: SystemKind, operation: string): JsonObject {
  if (!isJsonObject(reply.json)) throw new UpstreamFailure('transient', { system, operation, status: reply.status, code: 'not_json' });
  return reply.json;
}

export function objectsIn(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** True when a record passes the fixed filter that picks an entity out of a shared collection. */
export function matchesFilter(fields: JsonObject, filter: ReadTable['filter']): boolean {
  return Object.entries(filter ?? {}).every(([key, value]) => String(fields[key]) === String(value));
}

export function notFound(system: SystemKind, operation: string): UpstreamFailure {
  return new UpstreamFailure('not_found', { system, operation, status: 404 });
}

function entityTable(system: SystemKind, entity: UnifiedEntity): ReadTable {
  const mapping = MAPPINGS[system].entities[entity];
  return {
    remote: mapping.collection,
    service: mapping.service,
    idField: mapping.idField,
    modifiedField: mapping.modifiedField,
    modifiedTransform: mapping.modifiedTransform,
    filter: mapping.filter,
    lines: mapping.lines,
  };
}

/** `list` and `get` of every unified entity of a system, over its table reads. */
export function entityReads(system: SystemKind, reads: TableReads): Partial<Record<UnifiedEntity, EntityOperations>> {
  return Object.fromEntries(
    UNIFIED_ENTITIES.map((entity) => {
      const table = entityTable(system, entity);
      const operations: EntityOperations = {
        list: (connection, session, query) => reads.list(connection, session, table, query),
        get: (connection, session, remoteId) => reads.get(connection, session, table, remoteId),
      };
      return [entity, operations];
    }),
  );
}

/** Custom tables by their remote name, times read as the system writes them. */
export function customTableReads(system: SystemKind, reads: TableReads): CustomTableOperations {
  const table = (ref: CustomTableRef): ReadTable => ({ ...ref, modifiedTransform: MAPPINGS[system].dates });
  return {
    list: (connection, session, ref, query) => reads.list(connection, session, table(ref), query),
    get: (connection, session, ref, remoteId) => reads.get(connection, session, table(ref), remoteId),
  };
}
