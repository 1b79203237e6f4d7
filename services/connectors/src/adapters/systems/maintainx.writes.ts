/** MaintainX writes: REST v1, single records under a singular key (`workOrder`, `asset`, `part`). */
import type { EntityOperations, UnifiedEntity } from '../adapter';
import type { AuthorizedSender } from '../system-adapter';
import { isJsonObject } from '../upstream-reply';
import { restWrites } from './rest-writes';

export function maintainxWrites(call: AuthorizedSender): Partial<Record<UnifiedEntity, EntityOperations>> {
  return {
    workOrder: restWrites(call, 'workOrder', { path: '/v1/workorders', idField: 'id', unwrap: (json) => (isJsonObject(json) ? json.workOrder : undefined) }),
    asset: restWrites(call, 'asset', { path: '/v1/assets', idField: 'id', unwrap: (json) => (isJsonObject(json) ? json.asset : undefined) }),
    part: restWrites(call, 'part', { path: '/v1/parts', idField: 'id', unwrap: (json) => (isJsonObject(json) ? json.part : undefined) }),
  };
}
