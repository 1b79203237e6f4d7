/**
 * UpKeep reads: `{success, results}` pages by `limit`/`offset` (no total: a full page means there
 * may be more; the cursor is the next offset), `updatedAtGreaterThan` for changes since; one
 * record is `{success, result}`.
 */
import type { AuthorizedSender } from '../system-adapter';
import { isJsonObject } from '../upstream-reply';
import { customTableReads, entityReads, objectsIn, offsetOf } from './reads-support';
import { restTables, type RestReadStyle } from './rest-reads';

const UPKEEP_READS: RestReadStyle = {
  system: 'upkeep',
  api: '/api/v2',
  pageParams: (query, table) => ({
    limit: String(query.pageSize),
    offset: String(offsetOf(query.cursor)),
    ...(query.modifiedSince && table.modifiedField ? { updatedAtGreaterThan: query.modifiedSince } : {}),
  }),
  page(reply, query) {
    const records = objectsIn(isJsonObject(reply) ? reply.results : undefined);
    return { records, ...(records.length === query.pageSize ? { nextCursor: String(offsetOf(query.cursor) + records.length) } : {}) };
  },
  one: (reply) => (isJsonObject(reply) && isJsonObject(reply.result) ? reply.result : {}),
};

export const upkeepReads = (call: AuthorizedSender) => entityReads('upkeep', restTables(call, UPKEEP_READS));
export const upkeepCustomTables = (call: AuthorizedSender) => customTableReads('upkeep', restTables(call, UPKEEP_READS));
