/** UpKeep writes: REST v2 under `{success, result}`; work orders cannot be deleted (the matrix says so), assets and parts can. */
import type { EntityOperations, UnifiedEntity } from '../adapter';
import type { AuthorizedSender } from '../system-adapter';
import { isJsonObject } from '../upstream-reply';
import { restWrites, type RestResource } from './rest-writes';

const resource = (path: string): RestResource => ({ path: `/api/v2/${path}`, idField: 'id', unwrap: (json) => (isJsonObject(json) ? json.result : undefined) });

export function upkeepWrites(call: AuthorizedSender): Partial<Record<UnifiedEntity, EntityOperations>> {
  const { delete: _none, ...workOrders } = restWrites(call, 'workOrder', resource('work-orders'));
  return { workOrder: workOrders, asset: restWrites(call, 'asset', resource('assets')), part: restWrites(call, 'part', resource('parts')) };
}
