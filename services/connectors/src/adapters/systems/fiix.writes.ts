/**
 * Fiix writes through its one RPC endpoint: AddRequest, ChangeRequest (only the fields named in
 * `changeFields` change) and RemoveRequest; errors come inside a 200 and are classified by the
 * adapter's classifier before they get here. Purchase order lines are a class of their own, added
 * one call at a time after the header (a BatchRequest is not a transaction either): if a line
 * fails, the order's lines and its header are removed again (compensation) and the failure
 * reported, so no header is left without its lines; a create whose reply was lost midway is found
 * by its retry (`holdsStartedOrder`) and finished (`completeCreate`).
 */
import { UpstreamFailure } from '../failure';
import type { AdapterConnection, AuthSession, EntityOperations, RemoteRecord, UnifiedEntity } from '../adapter';
import type { AuthorizedSender } from '../system-adapter';
import { joinUrl } from '../system-adapter';
import { isJsonObject, type JsonObject, type UpstreamReply } from '../upstream-reply';
import { MAPPINGS } from '../../unified';
import { holdsSent } from './created-lookup';
import { matchesFilter, notFound, objectsIn } from './reads-support';

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

/** Where a create's fields carry the order's lines. */
const LINES = 'lines';
/** Where a listed order carries its lines (the read mapping's name for them). */
const LISTED_LINES = MAPPINGS.fiix.entities.purchaseOrder?.lines?.remote ?? 'PurchaseOrderLineItem';
/** An order's lines are few: one find lists them all. */
const MAX_LINES = 1000;

function linesOf(fields: JsonObject): JsonObject[] {
  return objectsIn(fields[LINES]);
}

/** A listed order's lines in the order they were added (ids rise). */
function listedLinesOf(fields: JsonObject): JsonObject[] {
  return objectsIn(fields[LISTED_LINES]).sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * Whether a listed order is one a create began: its header holds every value sent, and the lines
 * it has are the first of those sent (they are added one at a time, in order), so a create whose
 * reply was lost after the header or after some lines is found and can be finished.
 */
export function holdsStartedOrder(remote: JsonObject, sent: JsonObject): boolean {
  const { [LINES]: _lines, ...header } = sent;
  const given = linesOf(sent);
  const present = listedLinesOf(remote);
  return holdsSent(remote, header) && present.length <= given.length && present.every((line, index) => holdsSent(line, given[index]));
}

function purchaseOrderWrites(call: AuthorizedSender): EntityOperations {
  const headers = classWrites(call, 'purchaseOrder', 'PurchaseOrder');
  const lines = classWrites(call, 'purchaseOrder', 'PurchaseOrderLineItem');
  const remove = (ops: EntityOperations) => ops.delete as NonNullable<EntityOperations['delete']>;
  const add = (ops: EntityOperations) => ops.create as NonNullable<EntityOperations['create']>;

  // Listed rather than remembered: a line whose reply was lost was added all the same.
  const lineIdsOf = async (connection: AdapterConnection, session: AuthSession, headerId: string): Promise<string[]> => {
    const body = { _maCn: 'FindRequest', className: 'PurchaseOrderLineItem', fields: 'id', maxObjects: MAX_LINES, startObjectIndex: 0, filters: [{ ql: 'intPurchaseOrderID = ?', parameters: [Number(headerId)] }] };
    const reply = await call(connection, session, { method: 'POST', operation: 'compensate purchaseOrder', url: joinUrl(connection.baseUrl, '/api/'), body });
    return objectsIn(isJsonObject(reply.json) ? reply.json.objects : undefined).map((line) => String(line.id));
  };

  /** Adds the lines from `from` on; if one fails, the order's lines and its header are removed again and the failure reported. */
  const addLines = async (connection: AdapterConnection, session: AuthSession, header: RemoteRecord, given: JsonObject[], from: number): Promise<RemoteRecord> => {
    try {
      for (const line of given.slice(from)) await add(lines)(connection, session, { ...line, intPurchaseOrderID: Number(header.remoteId) });
      return { ...header, fields: { ...header.fields, [LINES]: given } };
    } catch (error) {
      if (!(error instanceof UpstreamFailure)) throw error;
      let removedLines = 0;
      const undone = await compensate(async () => {
        const ids = await lineIdsOf(connection, session, header.remoteId);
        await Promise.all(ids.map((id) => remove(lines)(connection, session, id)));
        removedLines = ids.length;
        await remove(headers)(connection, session, header.remoteId);
      });
      throw new UpstreamFailure(error.classification, {
        ...error.detail,
        compensation: { complete: undone, note: undone ? `header ${header.remoteId} and ${removedLines} line(s) removed again` : `header ${header.remoteId} could not be removed: it is left in Fiix` },
      });
    }
  };

  return {
    ...headers,
    create: async (connection, session, fields) => {
      const { [LINES]: _lines, ...header } = fields;
      return addLines(connection, session, await add(headers)(connection, session, header), linesOf(fields), 0);
    },
    // The order an in-doubt create began (found by `holdsStartedOrder`): the lines it did not get to.
    completeCreate: (connection, session, found, fields) => addLines(connection, session, found, linesOf(fields), listedLinesOf(found.fields).length),
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
