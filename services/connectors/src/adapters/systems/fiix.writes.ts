/**
 * Fiix writes through its one RPC endpoint: AddRequest, ChangeRequest (only the fields named in
 * `changeFields` change) and RemoveRequest; errors come inside a 200 and are classified by the
 * adapter's classifier before they get here. Purchase order lines are a class of their own, added
 * one call at a time after the header (a BatchRequest is not a transaction either): if a line
 * fails, the lines added and the header are removed again (compensation) and the failure
 * reported, so no header is left without its lines.
 */
import { UpstreamFailure } from '../failure';
import type { AdapterConnection, AuthSession, EntityOperations, RemoteRecord, UnifiedEntity } from '../adapter';
import type { AuthorizedSender } from '../system-adapter';
import { joinUrl } from '../system-adapter';
import { isJsonObject, type JsonObject, type UpstreamReply } from '../upstream-reply';
import { MAPPINGS } from '../../unified';
import { matchesFilter, notFound } from './reads-support';

function objectOf(reply: UpstreamReply): RemoteRecord {
  const object = isJsonObject(reply.json) && isJsonObject(reply.json.object) ? reply.json.object : {};
  return { remoteId: String(object.id ?? ''), fields: object };
}

/**
 * `fixed`: the values that pick the entity out of a shared class (Fiix's Asset holds locations,
 * equipment and parts by intCategoryID): set on every create, and a record without them is not
 * one of this entity's (not found, never written as if it were).
 */
function classWrites(call: AuthorizedSender, entity: UnifiedEntity, className: string, fixed: Readonly<Record<string, string | number>> = {}): EntityOperations {
  const rpc = (connection: AdapterConnection, session: AuthSession, operation: string, body: JsonObject) =>
    call(connection, session, { method: 'POST', operation: `${operation} ${entity}`, url: joinUrl(connection.baseUrl, '/api/'), body: { className, fields: '*', ...body } });
  return {
    create: async (connection, session, fields) => objectOf(await rpc(connection, session, 'create', { _maCn: 'AddRequest', object: { ...fields, ...fixed } })),
    update: async (connection, session, id, fields) =>
      objectOf(await rpc(connection, session, 'update', { _maCn: 'ChangeRequest', object: { ...fields, id: Number(id) }, changeFields: Object.keys(fields).join(',') })),
    delete: async (connection, session, id) => {
      await rpc(connection, session, 'delete', { _maCn: 'RemoveRequest', id: Number(id) });
    },
    readForWrite: async (connection, session, id) => {
      const found = objectOf(await rpc(connection, session, 'read', { _maCn: 'FindByIdRequest', id: Number(id) }));
      if (!matchesFilter(found.fields, fixed)) throw notFound('fiix', `read ${entity}`);
      return found;
    },
  };
}

const LINES = 'lines';

function purchaseOrderWrites(call: AuthorizedSender): EntityOperations {
  const headers = classWrites(call, 'purchaseOrder', 'PurchaseOrder');
  const lines = classWrites(call, 'purchaseOrder', 'PurchaseOrderLineItem');
  const remove = (ops: EntityOperations) => ops.delete as NonNullable<EntityOperations['delete']>;
  const add = (ops: EntityOperations) => ops.create as NonNullable<EntityOperations['create']>;
  return {
    ...headers,
    create: async (connection, session, fields) => {
      const { [LINES]: given, ...header } = fields;
      const created = await add(headers)(connection, session, header);
      const added: string[] = [];
      try {
        for (const line of Array.isArray(given) ? (given as JsonObject[]) : []) {
          added.push((await add(lines)(connection, session, { ...line, intPurchaseOrderID: Number(created.remoteId) })).remoteId);
        }
        return { ...created, fields: { ...created.fields, [LINES]: given } };
      } catch (error) {
        if (!(error instanceof UpstreamFailure)) throw error;
        const undone = await compensate(() => Promise.all(added.map((id) => remove(lines)(connection, session, id))).then(() => remove(headers)(connection, session, created.remoteId)));
        throw new UpstreamFailure(error.classification, {
          ...error.detail,
          compensation: { complete: undone, note: undone ? `header ${created.remoteId} and ${added.length} line(s) removed again` : `header ${created.remoteId} could not be removed: it is left in Fiix` },
        });
      }
    },
  };
}

async function compensate(undo: () => Promise<void>): Promise<boolean> {
  try {
    await undo();
    return true;
  } catch {
    return false;
  }
}

export function fiixWrites(call: AuthorizedSender): Partial<Record<UnifiedEntity, EntityOperations>> {
  // Equipment and parts are the Asset class's categories the read mapping picks out (intCategoryID 2 and 4).
  const category = (entity: 'asset' | 'part') => classWrites(call, entity, 'Asset', { ...(MAPPINGS.fiix.entities[entity].filter ?? {}) });
  return { workOrder: classWrites(call, 'workOrder', 'WorkOrder'), purchaseOrder: purchaseOrderWrites(call), asset: category('asset'), part: category('part') };
}
