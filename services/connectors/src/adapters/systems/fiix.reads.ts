/**
 * Fiix reads: `FindRequest` pages by `startObjectIndex`/`maxObjects` (the cursor is the next
 * index), filters `<field> > ?` for changes since and the fixed category filter that picks
 * locations, equipment and parts out of `Asset`. Purchase order lines are a class of their own:
 * fetched for a page's orders in one `BatchRequest` and set on each order under the lines' name.
 */
import type { AdapterConnection, AuthSession, ListQuery, RemotePage, RemoteRecord } from '../adapter';
import { joinUrl, type AuthorizedSender } from '../system-adapter';
import { isJsonObject, type JsonObject } from '../upstream-reply';
import { bodyOf, customTableReads, entityReads, matchesFilter, notFound, objectsIn, offsetOf, recordOf, type ReadTable, type TableReads } from './reads-support';

/** Lines of one order are few; one find each, all in one batch. */
const MAX_LINES = 1000;

function filtersOf(table: ReadTable, modifiedSince?: string): JsonObject[] {
  const clauses = Object.entries(table.filter ?? {}).map(([field, value]) => ({ ql: `${field} = ?`, value }));
  if (modifiedSince && table.modifiedField) clauses.push({ ql: `${table.modifiedField} > ?`, value: modifiedSince });
  return clauses.length === 0 ? [] : [{ ql: clauses.map((clause) => clause.ql).join(' and '), parameters: clauses.map((clause) => clause.value) }];
}

function fiixTables(call: AuthorizedSender): TableReads {
  const rpc = async (connection: AdapterConnection, session: AuthSession, operation: string, body: JsonObject): Promise<JsonObject> =>
    bodyOf(await call(connection, session, { method: 'POST', operation, url: joinUrl(connection.baseUrl, '/api/'), body }), 'fiix', operation);

  async function withLines(connection: AdapterConnection, session: AuthSession, table: ReadTable, records: JsonObject[]): Promise<JsonObject[]> {
    const lines = table.lines?.collection;
    if (!lines || records.length === 0 || !table.lines) return records;
    const requests = records.map((record) => ({ _maCn: 'FindRequest', className: lines.name, maxObjects: MAX_LINES, startObjectIndex: 0, filters: [{ ql: `${lines.parentField} = ?`, parameters: [record[table.idField]] }] }));
    const batch = await rpc(connection, session, `list ${lines.name}`, { _maCn: 'BatchRequest', requests });
    const responses = objectsIn(batch.responses);
    const remote = table.lines.remote;
    return records.map((record, index) => ({ ...record, [remote]: objectsIn(responses[index]?.objects) }));
  }

  return {
    async list(connection, session, table, query: ListQuery): Promise<RemotePage> {
      const start = offsetOf(query.cursor);
      const filters = filtersOf(table, query.modifiedSince);
      const body = { _maCn: 'FindRequest', className: table.remote, maxObjects: query.pageSize, startObjectIndex: start, ...(filters.length ? { filters } : {}) };
      const found = await rpc(connection, session, `list ${table.remote}`, body);
      const objects = await withLines(connection, session, table, objectsIn(found.objects));
      const more = start + objects.length < Number(found.totalObjects) && objects.length > 0;
      return { records: objects.map((fields) => recordOf(fields, table)), ...(more ? { nextCursor: String(start + objects.length) } : {}) };
    },
    async get(connection, session, table, remoteId): Promise<RemoteRecord> {
      const operation = `get ${table.remote}`;
      const found = await rpc(connection, session, operation, { _maCn: 'FindByIdRequest', className: table.remote, id: Number(remoteId) });
      // An id of another category (a part asked for as a location) is not a record of this entity.
      if (!isJsonObject(found.object) || !matchesFilter(found.object, table.filter)) throw notFound('fiix', operation);
      const [object] = await withLines(connection, session, table, [found.object]);
      return recordOf(object ?? found.object, table);
    },
  };
}

export const fiixReads = (call: AuthorizedSender) => entityReads('fiix', fiixTables(call));
export const fiixCustomTables = (call: AuthorizedSender) => customTableReads('fiix', fiixTables(call));
