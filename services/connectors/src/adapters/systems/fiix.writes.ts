/**
 * Fiix writes through its one RPC endpoint: AddRequest, ChangeRequest (only the fields named in
 * `changeFields` change) and RemoveRequest; errors come inside a 200 and are classified by the
 * adapter's classifier before they get here.
 */
import type { AdapterConnection, AuthSession, EntityOperations, RemoteRecord, UnifiedEntity } from '../adapter';
import type { AuthorizedSender } from '../system-adapter';
import { joinUrl } from '../system-adapter';
import { isJsonObject, type JsonObject, type UpstreamReply } from '../upstream-reply';

function objectOf(reply: UpstreamReply): RemoteRecord {
  const object = isJsonObject(reply.json) && isJsonObject(reply.json.object) ? reply.json.object : {};
  return { remoteId: String(object.id ?? ''), fields: object };
}

function classWrites(call: AuthorizedSender, entity: UnifiedEntity, className: string): EntityOperations {
  const rpc = (connection: AdapterConnection, session: AuthSession, operation: string, body: JsonObject) =>
    call(connection, session, { method: 'POST', operation: `${operation} ${entity}`, url: joinUrl(connection.baseUrl, '/api/'), body: { className, fields: '*', ...body } });
  return {
    create: async (connection, session, fields) => objectOf(await rpc(connection, session, 'create', { _maCn: 'AddRequest', object: fields })),
    update: async (connection, session, id, fields) =>
      objectOf(await rpc(connection, session, 'update', { _maCn: 'ChangeRequest', object: { ...fields, id: Number(id) }, changeFields: Object.keys(fields).join(',') })),
    delete: async (connection, session, id) => {
      await rpc(connection, session, 'delete', { _maCn: 'RemoveRequest', id: Number(id) });
    },
    readForWrite: async (connection, session, id) => objectOf(await rpc(connection, session, 'read', { _maCn: 'FindByIdRequest', id: Number(id) })),
  };
}

export function fiixWrites(call: AuthorizedSender): Partial<Record<UnifiedEntity, EntityOperations>> {
  return { workOrder: classWrites(call, 'workOrder', 'WorkOrder') };
}
