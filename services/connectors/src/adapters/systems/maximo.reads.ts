/**
 * Maximo reads: `GET /maximo/oslc/os/<object structure>?lean=1`, pages by `oslc.pageSize` +
 * `pageno` (the cursor is the next page number), `oslc.where=changedate>"…"` for changes since.
 */
import type { AdapterConnection, AuthSession, ListQuery, RemotePage, RemoteRecord } from '../adapter';
import { joinUrl, type AuthorizedSender } from '../system-adapter';
import { bodyOf, customTableReads, entityReads, objectsIn, offsetOf, recordOf, type ReadTable, type TableReads } from './reads-support';

const OSLC = '/maximo/oslc/os';

function mxTables(call: AuthorizedSender): TableReads {
  return {
    async list(connection: AdapterConnection, session: AuthSession, table: ReadTable, query: ListQuery): Promise<RemotePage> {
      const page = Math.max(1, offsetOf(query.cursor));
      const params = new URLSearchParams({ lean: '1', 'oslc.select': '*', 'oslc.pageSize': String(query.pageSize), pageno: String(page) });
      if (query.modifiedSince && table.modifiedField) params.set('oslc.where', `${table.modifiedField}>"${query.modifiedSince}"`);
      const operation = `list ${table.remote}`;
      const reply = await call(connection, session, { method: 'GET', operation, url: joinUrl(connection.baseUrl, `${OSLC}/${encodeURIComponent(table.remote)}?${params}`) });
      const body = bodyOf(reply, 'maximo', operation);
      const info = body.responseInfo as { nextPage?: unknown } | undefined;
      return { records: objectsIn(body.member).map((fields) => recordOf(fields, table)), ...(info?.nextPage ? { nextCursor: String(page + 1) } : {}) };
    },
    async get(connection: AdapterConnection, session: AuthSession, table: ReadTable, remoteId: string): Promise<RemoteRecord> {
      const operation = `get ${table.remote}`;
      const url = joinUrl(connection.baseUrl, `${OSLC}/${encodeURIComponent(table.remote)}/${encodeURIComponent(remoteId)}?lean=1&oslc.select=*`);
      return recordOf(bodyOf(await call(connection, session, { method: 'GET', operation, url }), 'maximo', operation), table);
    },
  };
}

export const maximoReads = (call: AuthorizedSender) => entityReads('maximo', mxTables(call));
export const maximoCustomTables = (call: AuthorizedSender) => customTableReads('maximo', mxTables(call));
