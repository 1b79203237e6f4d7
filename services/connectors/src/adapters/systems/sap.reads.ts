/**
 * SAP reads (OData v2): `/sap/opu/odata/sap/<service>/<entity set>`, pages by `$top`/`$skip` with
 * `$inlinecount=allpages` (the cursor is the next `$skip`), `$filter=LastChangeDateTime gt
 * datetimeoffset'…'` for changes since, purchase order items by `$expand`. Replies wrapped in `d`.
 * A custom business object's service is `<ENTITY SET>_CDS` (`YY1_Calibration` → `YY1_CALIBRATION_CDS`).
 */
import type { AdapterConnection, AuthSession, ListQuery, RemotePage, RemoteRecord } from '../adapter';
import { joinUrl, type AuthorizedSender } from '../system-adapter';
import { isJsonObject } from '../upstream-reply';
import { bodyOf, customTableReads, entityReads, objectsIn, offsetOf, recordOf, type ReadTable, type TableReads } from './reads-support';

const ODATA = '/sap/opu/odata/sap';

function entitySetUrl(connection: AdapterConnection, table: ReadTable): string {
  const service = table.service ?? `${table.remote.toUpperCase()}_CDS`;
  return joinUrl(connection.baseUrl, `${ODATA}/${encodeURIComponent(service)}/${encodeURIComponent(table.remote)}`);
}

function query(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
}

function sapTables(call: AuthorizedSender): TableReads {
  return {
    async list(connection: AdapterConnection, session: AuthSession, table: ReadTable, listQuery: ListQuery): Promise<RemotePage> {
      const skip = offsetOf(listQuery.cursor);
      const params: Record<string, string> = { $format: 'json', $top: String(listQuery.pageSize), $skip: String(skip), $inlinecount: 'allpages' };
      if (listQuery.modifiedSince && table.modifiedField) params.$filter = `${table.modifiedField} gt datetimeoffset'${listQuery.modifiedSince}'`;
      if (table.lines) params.$expand = table.lines.remote;
      const operation = `list ${table.remote}`;
      const reply = await call(connection, session, { method: 'GET', operation, url: `${entitySetUrl(connection, table)}?${query(params)}` });
      const d = bodyOf(reply, 'sap', operation).d;
      const results = objectsIn(isJsonObject(d) ? d.results : undefined);
      const total = isJsonObject(d) ? Number(d.__count) : Number.NaN;
      const more = Number.isFinite(total) ? skip + results.length < total : results.length === listQuery.pageSize;
      return { records: results.map((fields) => recordOf(fields, table)), ...(more && results.length > 0 ? { nextCursor: String(skip + results.length) } : {}) };
    },
    async get(connection: AdapterConnection, session: AuthSession, table: ReadTable, remoteId: string): Promise<RemoteRecord> {
      const operation = `get ${table.remote}`;
      const key = `('${encodeURIComponent(remoteId.replace(/'/g, "''"))}')`;
      const url = `${entitySetUrl(connection, table)}${key}?${query({ $format: 'json', ...(table.lines ? { $expand: table.lines.remote } : {}) })}`;
      const d = bodyOf(await call(connection, session, { method: 'GET', operation, url }), 'sap', operation).d;
      return recordOf(isJsonObject(d) ? d : {}, table);
    },
  };
}

export const sapReads = (call: AuthorizedSender) => entityReads('sap', sapTables(call));
export const sapCustomTables = (call: AuthorizedSender) => customTableReads('sap', sapTables(call));
