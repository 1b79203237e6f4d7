/**
 * Maximo writes (OSLC/JSON): a create is a POST to the object structure; an update is a POST with
 * `x-method-override: PATCH` and `patchtype: MERGE`, carrying the `_rowstamp` read before, so a
 * record someone else changed meanwhile answers 412 `BMXAA8229W` instead of being overwritten.
 * Maximo keeps work orders, purchase orders, assets and inventory: a delete cancels the first two
 * (status CAN), decommissions an asset (DECOMMISSIONED) and makes inventory obsolete (OBSOLETE). Purchase order
 * lines (`poline`) go inside the header's POST: one request, one transaction.
 */
import type { EntityOperations, RemoteRecord, UnifiedEntity } from '../adapter';
import type { AuthorizedSender } from '../system-adapter';
import { joinUrl } from '../system-adapter';
import { isJsonObject, type JsonObject, type UpstreamReply } from '../upstream-reply';

const OSLC = '/maximo/oslc/os';

/** Object structure, id attribute, and the status a delete sets (Maximo keeps these records). */
interface MaximoObject {
  os: string;
  id: string;
  deleteStatus: string;
}

const OBJECTS: Partial<Record<UnifiedEntity, MaximoObject>> = {
  workOrder: { os: 'mxwo', id: 'workorderid', deleteStatus: 'CAN' },
  purchaseOrder: { os: 'mxpo', id: 'poid', deleteStatus: 'CAN' },
  // MXAPIASSET: an asset with history is decommissioned, never removed.
  asset: { os: 'mxasset', id: 'assetuid', deleteStatus: 'DECOMMISSIONED' },
  // MXAPIINVENTORY: inventory with transactions is made obsolete, never removed.
  part: { os: 'mxinventory', id: 'inventoryid', deleteStatus: 'OBSOLETE' },
};

function record(reply: UpstreamReply, idField: string): RemoteRecord {
  const fields = isJsonObject(reply.json) ? reply.json : {};
  const version = typeof fields._rowstamp === 'string' ? fields._rowstamp : reply.headers.etag;
  return { remoteId: String(fields[idField] ?? ''), version, remoteUpdatedAt: typeof fields.changedate === 'string' ? fields.changedate : undefined, fields };
}

function objectWrites(call: AuthorizedSender, entity: UnifiedEntity, { os, id: idField, deleteStatus }: MaximoObject): EntityOperations {
  const url = (base: string, path = '') => joinUrl(base, `${OSLC}/${os}${path}?lean=1`);
  // `properties: *` makes Maximo answer a write with the record (its id and new _rowstamp).
  const returning = { properties: '*' };
  const patch = async (connection: Parameters<AuthorizedSender>[0], session: Parameters<AuthorizedSender>[1], remoteId: string, body: JsonObject, version: string | undefined, operation: string) =>
    record(
      await call(connection, session, {
        method: 'POST',
        operation,
        url: url(connection.baseUrl, `/${encodeURIComponent(remoteId)}`),
        headers: { ...returning, 'x-method-override': 'PATCH', patchtype: 'MERGE' },
        body: version === undefined ? body : { ...body, _rowstamp: version },
      }),
      idField,
    );
  return {
    create: async (connection, session, fields) =>
      record(await call(connection, session, { method: 'POST', operation: `create ${entity}`, url: url(connection.baseUrl), headers: returning, body: fields }), idField),
    update: (connection, session, remoteId, fields, version) => patch(connection, session, remoteId, fields, version, `update ${entity}`),
    delete: async (connection, session, remoteId, version) => {
      await patch(connection, session, remoteId, { status: deleteStatus }, version, `delete ${entity} (status ${deleteStatus})`);
    },
    readForWrite: async (connection, session, remoteId) =>
      record(await call(connection, session, { method: 'GET', operation: `read ${entity}`, url: url(connection.baseUrl, `/${encodeURIComponent(remoteId)}`) }), idField),
    findByTag: async (connection, session, field, tag) => {
      const where = encodeURIComponent(`${field}="${tag}"`);
      const reply = await call(connection, session, { method: 'GET', operation: `find ${entity}`, url: `${url(connection.baseUrl)}&oslc.pageSize=1&oslc.where=${where}` });
      const member = isJsonObject(reply.json) && Array.isArray(reply.json.member) ? reply.json.member[0] : undefined;
      return isJsonObject(member) ? record({ ...reply, json: member, headers: {} }, idField) : undefined;
    },
  };
}

export function maximoWrites(call: AuthorizedSender): Partial<Record<UnifiedEntity, EntityOperations>> {
  const table: Partial<Record<UnifiedEntity, EntityOperations>> = {};
  for (const [entity, object] of Object.entries(OBJECTS) as [UnifiedEntity, MaximoObject][]) table[entity] = objectWrites(call, entity, object);
  return table;
}
