/**
 * SAP writes (OData v2): every write first fetches a CSRF token (`x-csrf-token: Fetch` on a GET)
 * and sends it back with the session cookie that came with it; updates and deletes carry the
 * entity's ETag in `If-Match` (stale: 412, missing: 428). A purchase order and its items are one
 * deep insert: one request, created together or not at all. Deletes set the deletion flag.
 */
import type { AdapterConnection, AuthSession, EntityOperations, RemoteRecord, UnifiedEntity } from '../adapter';
import type { AuthorizedSender } from '../system-adapter';
import { joinUrl } from '../system-adapter';
import { isJsonObject, type JsonObject, type UpstreamReply } from '../upstream-reply';

const ODATA = '/sap/opu/odata/sap';

const SETS: Partial<Record<UnifiedEntity, { service: string; set: string; id: string; lines?: string }>> = {
  workOrder: { service: 'API_MAINTENANCEORDER', set: 'MaintenanceOrder', id: 'MaintenanceOrder' },
  purchaseOrder: { service: 'API_PURCHASEORDER_PROCESS_SRV', set: 'A_PurchaseOrder', id: 'PurchaseOrder', lines: 'to_PurchaseOrderItem' },
  asset: { service: 'API_EQUIPMENT', set: 'Equipment', id: 'Equipment' },
  part: { service: 'API_PRODUCT_SRV', set: 'A_Product', id: 'Product' },
};

function record(reply: UpstreamReply, idField: string): RemoteRecord {
  const body = isJsonObject(reply.json) && isJsonObject(reply.json.d) ? reply.json.d : {};
  const metadata = isJsonObject(body.__metadata) ? body.__metadata : {};
  const version = reply.headers.etag ?? (typeof metadata.etag === 'string' ? metadata.etag : undefined);
  return { remoteId: String(body[idField] ?? ''), version, fields: body };
}

/** The session cookie from `set-cookie`, as the `cookie` header sends it back. */
function sessionCookie(reply: UpstreamReply): string {
  return (reply.headers['set-cookie'] ?? '')
    .split(/,(?=\s*[^;,=\s]+=)/)
    .map((cookie) => cookie.split(';')[0]?.trim() ?? '')
    .filter(Boolean)
    .join('; ');
}

function setWrites(call: AuthorizedSender, entity: UnifiedEntity, spec: { service: string; set: string; id: string; lines?: string }): EntityOperations {
  const setUrl = (connection: AdapterConnection) => joinUrl(connection.baseUrl, `${ODATA}/${spec.service}/${spec.set}`);
  const keyUrl = (connection: AdapterConnection, id: string) => `${setUrl(connection)}('${encodeURIComponent(id)}')`;
  /** A CSRF token and its session cookie, fetched for each write (they belong to one session). */
  const csrf = async (connection: AdapterConnection, session: AuthSession): Promise<Record<string, string>> => {
    const reply = await call(connection, session, { method: 'GET', operation: 'csrf token', url: `${setUrl(connection)}?$top=0`, headers: { 'x-csrf-token': 'Fetch' } });
    return { 'x-csrf-token': reply.headers['x-csrf-token'] ?? '', cookie: sessionCookie(reply) };
  };
  const change = async (connection: AdapterConnection, session: AuthSession, method: 'PATCH' | 'DELETE', id: string, version: string | undefined, body?: JsonObject) => {
    const headers = { ...(await csrf(connection, session)), ...(version ? { 'if-match': version } : {}) };
    const reply = await call(connection, session, { method, operation: `${method === 'DELETE' ? 'delete' : 'update'} ${entity}`, url: keyUrl(connection, id), headers, body });
    return { remoteId: id, version: reply.headers.etag, fields: body ?? {} };
  };
  return {
    create: async (connection, session, fields) => {
      const body = spec.lines && Array.isArray(fields[spec.lines]) ? { ...fields, [spec.lines]: { results: fields[spec.lines] } } : fields;
      const reply = await call(connection, session, { method: 'POST', operation: `create ${entity}`, url: setUrl(connection), headers: await csrf(connection, session), body });
      return record(reply, spec.id);
    },
    update: (connection, session, id, fields, version) => change(connection, session, 'PATCH', id, version, fields),
    delete: async (connection, session, id, version) => {
      await change(connection, session, 'DELETE', id, version);
    },
    readForWrite: async (connection, session, id) => record(await call(connection, session, { method: 'GET', operation: `read ${entity}`, url: keyUrl(connection, id) }), spec.id),
    findByTag: async (connection, session, field, tag) => {
      const filter = encodeURIComponent(`${field} eq '${tag.replace(/'/g, "''")}'`);
      const reply = await call(connection, session, { method: 'GET', operation: `find ${entity}`, url: `${setUrl(connection)}?$top=1&$filter=${filter}` });
      const results = isJsonObject(reply.json) && isJsonObject(reply.json.d) && Array.isArray(reply.json.d.results) ? reply.json.d.results : [];
      return isJsonObject(results[0]) ? record({ ...reply, headers: {}, json: { d: results[0] } }, spec.id) : undefined;
    },
  };
}

export function sapWrites(call: AuthorizedSender): Partial<Record<UnifiedEntity, EntityOperations>> {
  const table: Partial<Record<UnifiedEntity, EntityOperations>> = {};
  for (const [entity, spec] of Object.entries(SETS) as [UnifiedEntity, NonNullable<(typeof SETS)[UnifiedEntity]>][]) table[entity] = setWrites(call, entity, spec);
  return table;
}
