/**
 * MaintainX reads: pages of at most 100 by the system's own cursor (`cursor`, reply `nextCursor`,
 * passed through as ours), the list under a plural key (`workOrders`) and one record under a
 * singular one (`workOrder`). No modified filter: `modifiedSince` is not sent (the mapping
 * declares a full scan).
 */
import type { AuthorizedSender } from '../system-adapter';
import { isJsonObject, type JsonObject } from '../upstream-reply';
import { customTableReads, entityReads, objectsIn } from './reads-support';
import { restTables, type RestReadStyle } from './rest-reads';

const MAX_PAGE = 100;

/** The one list (or object) a reply wraps, whatever its key is called. */
function wrapped<T>(reply: unknown, pick: (value: unknown) => T | undefined): T | undefined {
  if (!isJsonObject(reply)) return undefined;
  for (const value of Object.values(reply)) {
    const found = pick(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

const MAINTAINX_READS: RestReadStyle = {
  system: 'maintainx',
  api: '/v1',
  pageParams: (query) => ({ limit: String(Math.min(query.pageSize, MAX_PAGE)), ...(query.cursor ? { cursor: query.cursor } : {}) }),
  page(reply) {
    const records = wrapped(reply, (value) => (Array.isArray(value) ? objectsIn(value) : undefined)) ?? [];
    const next = isJsonObject(reply) && typeof reply.nextCursor === 'string' && reply.nextCursor !== '' ? reply.nextCursor : undefined;
    return { records, ...(next ? { nextCursor: next } : {}) };
  },
  one: (reply) => wrapped<JsonObject>(reply, (value) => (isJsonObject(value) ? value : undefined)) ?? {},
};

export const maintainxReads = (call: AuthorizedSender) => entityReads('maintainx', restTables(call, MAINTAINX_READS));
export const maintainxCustomTables = (call: AuthorizedSender) => customTableReads('maintainx', restTables(call, MAINTAINX_READS));
