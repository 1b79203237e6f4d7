/** UpKeep writes: REST v2 under `{success, result}`; work orders cannot be deleted (the matrix says so), assets and parts can. */
import type { EntityOperations, UnifiedEntity } from '../adapter';
import type { AuthorizedSender } from '../system-adapter';
import { isJsonObject } from '../upstream-reply';
import { restWrites } from './rest-writes';

export function upkeepWrites(call: AuthorizedSender): Partial<Record<UnifiedEntity, EntityOperations>> {
  const { delete: _none, ...workOrders } = restWrites(call, 'workOrder', { path: '/api/v2/work-orders', idField: 'id', unwrap: (json) => (isJsonObject(json) ? json.result : undefined) });
  const assets = restWrites(call, 'asset', { path: '/api/v2/assets', idField: 'id', unwrap: (json) => (isJsonObject(json) ? json.result : undefined) });
  const parts = restWrites(call, 'part', { path: '/api/v2/parts', idField: 'id', unwrap: (json) => (isJsonObject(json) ? json.result : undefined) });
  return { workOrder: workOrders, asset: assets, part: parts };
}
