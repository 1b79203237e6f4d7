import type { Principal, Role } from '@mate/service-kit';
import type { WorkOrder } from './work-order.entity';

/** Roles that see every work order of their tenant. */
const SEES_ALL: readonly Role[] = ['admin', 'planner', 'viewer', 'integration'];
/** Roles that edit every work order of their tenant. */
const EDITS_ALL: readonly Role[] = ['admin', 'planner', 'integration'];

export function seesAllWorkOrders(principal: Principal): boolean {
  return principal.roles.some((role) => SEES_ALL.includes(role));
}

export function editsAllWorkOrders(principal: Principal): boolean {
  return principal.roles.some((role) => EDITS_ALL.includes(role));
}

export function isAssignee(workOrder: Pick<WorkOrder, 'assigneeIds'>, principal: Principal): boolean {
  return workOrder.assigneeIds.includes(principal.subject);
}

/** Technicians see what is assigned to them; others by role. Not visible means 404, never 403. */
export function canSee(workOrder: Pick<WorkOrder, 'assigneeIds'>, principal: Principal): boolean {
  return seesAllWorkOrders(principal) || (principal.roles.includes('technician') && isAssignee(workOrder, principal));
}

export function canEdit(workOrder: Pick<WorkOrder, 'assigneeIds'>, principal: Principal): boolean {
  return editsAllWorkOrders(principal) || (principal.roles.includes('technician') && isAssignee(workOrder, principal));
}

/** Fields only planners, admins and integrations change: who does the work, when, on what. */
export const SUPERVISOR_FIELDS = [
  'title',
  'type',
  'priority',
  'assetId',
  'locationId',
  'assigneeIds',
  'teamId',
  'requesterId',
  'dueAt',
  'plannedStartAt',
  'followUpOnFailedInspection',
] as const;
