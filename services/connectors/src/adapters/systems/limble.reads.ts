/**
 * Limble reads: plain arrays in pages of at most 200 by `page`/`limit` (no total: a full page
 * means there may be more; the cursor is the next page number). No modified filter:
 * `modifiedSince` is not sent (the mapping declares a full scan, tasks included).
 */
import type { AuthorizedSender } from '../system-adapter';
import { isJsonObject } from '../upstream-reply';
import { customTableReads, entityReads, objectsIn, offsetOf } from './reads-support';
import { restTables, type RestReadStyle } from './rest-reads';

const MAX_PAGE = 200;

const LIMBLE_READS: RestReadStyle = {
  system: 'limble',
  api: '/v2',
  pageParams: (query) => ({ page: String(Math.max(1, offsetOf(query.cursor))), limit: String(Math.min(query.pageSize, MAX_PAGE)) }),
  page(reply, query) {
    const records = objectsIn(reply);
    const page = Math.max(1, offsetOf(query.cursor));
    return { records, ...(records.length === Math.min(query.pageSize, MAX_PAGE) ? { nextCursor: String(page + 1) } : {}) };
  },
  one: (reply) => (isJsonObject(reply) ? reply : {}),
};

export const limbleReads = (call: AuthorizedSender) => entityReads('limble', restTables(call, LIMBLE_READS));
export const limbleCustomTables = (call: AuthorizedSender) => customTableReads('limble', restTables(call, LIMBLE_READS));
