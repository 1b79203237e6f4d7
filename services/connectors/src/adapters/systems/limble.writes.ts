/**
 * Limble writes. A task's `statusID` is refused on create, so a create with a status is two
 * calls: create, then PATCH the status; if the PATCH fails the task is deleted again
 * (compensation) and the failure reported, so no task is left half-made. A purchase order and its
 * items are one POST.
 */
import type { EntityOperations, UnifiedEntity } from '../adapter';
import { UpstreamFailure } from '../failure';
import type { JsonObject } from '../upstream-reply';
import type { AuthorizedSender } from '../system-adapter';
import { restWrites, type RestResource } from './rest-writes';

const plain = (json: unknown) => json;
const TASKS: RestResource = { path: '/v2/tasks', idField: 'taskID', unwrap: plain };
const POS: RestResource = { path: '/v2/pos', idField: 'poID', unwrap: plain };
const ASSETS: RestResource = { path: '/v2/assets', idField: 'assetID', unwrap: plain };
const PARTS: RestResource = { path: '/v2/parts', idField: 'partID', unwrap: plain };

export function limbleWrites(call: AuthorizedSender): Partial<Record<UnifiedEntity, EntityOperations>> {
  const tasks = restWrites(call, 'workOrder', TASKS);
  /** The status a create asks for, PATCHed onto the new task; if that fails the task is deleted again. */
  const completeCreate: NonNullable<EntityOperations['completeCreate']> = async (connection, session, created, fields) => {
    const { statusID } = fields;
    if (statusID === undefined || String(created.fields.statusID) === String(statusID)) return created;
    try {
      return await (tasks.update as NonNullable<EntityOperations['update']>)(connection, session, created.remoteId, { statusID });
    } catch (error) {
      if (!(error instanceof UpstreamFailure)) throw error;
      const undone = await (tasks.delete as NonNullable<EntityOperations['delete']>)(connection, session, created.remoteId).then(
        () => true,
        () => false,
      );
      throw new UpstreamFailure(error.classification, {
        ...error.detail,
        compensation: { complete: undone, note: undone ? `task ${created.remoteId} deleted again after its status was refused` : `task ${created.remoteId} is left without its status` },
      });
    }
  };
  const createTask: EntityOperations['create'] = async (connection, session, fields) => {
    const created = await (tasks.create as NonNullable<EntityOperations['create']>)(connection, session, withoutStatus(fields));
    return completeCreate(connection, session, created, fields);
  };
  return { workOrder: { ...tasks, create: createTask, completeCreate }, purchaseOrder: restWrites(call, 'purchaseOrder', POS), asset: restWrites(call, 'asset', ASSETS), part: restWrites(call, 'part', PARTS) };
}

/** What a task's create sends in its first call: everything but `statusID`. */
export function withoutStatus(fields: JsonObject): JsonObject {
  const { statusID: _statusID, ...rest } = fields;
  return rest;
}
