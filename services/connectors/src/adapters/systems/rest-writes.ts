/**
 * Writes of the plain REST systems (UpKeep, MaintainX, Limble): POST to the collection, PATCH and
 * DELETE the record, GET it before a write is checked. Each system says where its records sit in
 * a reply and what its ids are called.
 */
import type { AdapterConnection, AuthSession, EntityOperations, RemoteRecord, UnifiedEntity } from '../adapter';
import type { AuthorizedSender } from '../system-adapter';
import { joinUrl } from '../system-adapter';
import { isJsonObject, type UpstreamReply } from '../upstream-reply';

export interface RestResource {
  /** Path of the collection, e.g. `/v2/tasks`. */
  path: string;
  idField: string;
  /** The record inside a single-record reply (UpKeep: `result`, MaintainX: `workOrder`). */
  unwrap: (json: unknown) => unknown;
}

export function restRecord(reply: UpstreamReply, resource: RestResource): RemoteRecord {
  const body = resource.unwrap(reply.json);
  const fields = isJsonObject(body) ? body : {};
  return { remoteId: String(fields[resource.idField] ?? ''), fields };
}

export function restWrites(call: AuthorizedSender, entity: UnifiedEntity, resource: RestResource): EntityOperations {
  const at = (connection: AdapterConnection, id?: string) => joinUrl(connection.baseUrl, id === undefined ? resource.path : `${resource.path}/${encodeURIComponent(id)}`);
  const send = (connection: AdapterConnection, session: AuthSession, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', operation: string, id?: string, body?: unknown) =>
    call(connection, session, { method, operation: `${operation} ${entity}`, url: at(connection, id), body });
  return {
    create: async (connection, session, fields) => restRecord(await send(connection, session, 'POST', 'create', undefined, fields), resource),
    update: async (connection, session, id, fields) => restRecord(await send(connection, session, 'PATCH', 'update', id, fields), resource),
    delete: async (connection, session, id) => {
      await send(connection, session, 'DELETE', 'delete', id);
    },
    readForWrite: async (connection, session, id) => restRecord(await send(connection, session, 'GET', 'read', id), resource),
  };
}
