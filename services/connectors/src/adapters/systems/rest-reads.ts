/**
 * The plain REST systems' reads (UpKeep, MaintainX, Limble): `GET <api>/<resource>` and
 * `GET <api>/<resource>/<id>`; what differs (paging, wrapping, the modified filter) is the system's.
 */
import type { AdapterConnection, AuthSession, ListQuery, RemotePage, SystemKind } from '../adapter';
import { joinUrl, type AuthorizedSender } from '../system-adapter';
import type { JsonObject } from '../upstream-reply';
import { bodyOf, recordOf, type ReadTable, type TableReads } from './reads-support';

export interface RestReadStyle {
  system: SystemKind;
  /** The API root path, e.g. `/api/v2`. */
  api: string;
  /** Query parameters of one page. */
  pageParams(query: ListQuery, table: ReadTable): Record<string, string>;
  /** The records of a list reply and the cursor of the next page. */
  page(reply: unknown, query: ListQuery): { records: JsonObject[]; nextCursor?: string };
  /** The record in a single-record reply. */
  one(reply: unknown): JsonObject;
}

export function restTables(call: AuthorizedSender, style: RestReadStyle): TableReads {
  const path = (connection: AdapterConnection, table: ReadTable, suffix = '') => joinUrl(connection.baseUrl, `${style.api}/${encodeURIComponent(table.remote)}${suffix}`);
  return {
    async list(connection: AdapterConnection, session: AuthSession, table: ReadTable, query: ListQuery): Promise<RemotePage> {
      const operation = `list ${table.remote}`;
      const params = new URLSearchParams(style.pageParams(query, table));
      const reply = await call(connection, session, { method: 'GET', operation, url: `${path(connection, table)}?${params}` });
      const { records, nextCursor } = style.page(reply.json, query);
      return { records: records.map((fields) => recordOf(fields, table)), ...(nextCursor ? { nextCursor } : {}) };
    },
    async get(connection, session, table, remoteId) {
      const operation = `get ${table.remote}`;
      const reply = await call(connection, session, { method: 'GET', operation, url: path(connection, table, `/${encodeURIComponent(remoteId)}`) });
      return recordOf(style.one(bodyOf(reply, style.system, operation)), table);
    },
  };
}
