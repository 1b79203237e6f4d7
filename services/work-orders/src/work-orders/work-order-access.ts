import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { hasAnyRole, SEES_ALL, SUPERVISORS } from '../common/roles';
import type { WorkOrder } from './work-order.entity';
import { WorkOrderException, WorkOrderExceptionCode } from './work-order.exception';
import { ACTIVE_STATUSES } from './work-order.model';
import { WorkOrderRepository, type WorkOrderScope } from './work-order.repository';

function seesAllWorkOrders(principal: Principal): boolean {
  return hasAnyRole(principal.roles, SEES_ALL);
}

export function editsAllWorkOrders(principal: Principal): boolean {
  return hasAnyRole(principal.roles, SUPERVISORS);
}

export function isAssignee(workOrder: Pick<WorkOrder, 'assigneeIds'>, principal: Principal): boolean {
  return workOrder.assigneeIds.includes(principal.subject);
}

/** Technicians see what is assigned to them; others by role. Not visible means 404, never 403. */
function canSee(workOrder: Pick<WorkOrder, 'assigneeIds'>, principal: Principal): boolean {
  return seesAllWorkOrders(principal) || (principal.roles.includes('technician') && isAssignee(workOrder, principal));
}

function canEdit(workOrder: Pick<WorkOrder, 'assigneeIds'>, principal: Principal): boolean {
  return editsAllWorkOrders(principal) || (principal.roles.includes('technician') && isAssignee(workOrder, principal));
}

/** The work orders a principal's lists show: the tenant's, or a technician's own. */
export function scopeOf(principal: Principal): WorkOrderScope {
  return seesAllWorkOrders(principal) ? { tenantId: principal.tenantId } : { tenantId: principal.tenantId, assignedTo: principal.subject };
}

/** Labour, parts, costs, checklist answers and comments change only while the work is active. */
export function assertActive(workOrder: WorkOrder): void {
  if (!ACTIVE_STATUSES.includes(workOrder.status)) {
    throw new WorkOrderException(
      WorkOrderExceptionCode.NOT_EDITABLE,
      `a ${workOrder.status} work order cannot be changed${workOrder.status === 'completed' ? ' (reopen it first)' : ''}`,
    );
  }
}

/** Loads work orders as a principal may reach them: every feature's first step. */
@Injectable()
export class WorkOrderAccess {
  constructor(@Inject(WorkOrderRepository) private readonly workOrders: WorkOrderRepository) {}

  /** A work order the caller may see; 404 otherwise (another tenant's, or not assigned to a technician). */
  async visible(manager: EntityManager, principal: Principal, id: string, options: { lock?: boolean } = {}): Promise<WorkOrder> {
    const workOrder = await this.workOrders.find(manager, principal.tenantId, id, options);
    if (!workOrder || !canSee(workOrder, principal)) {
      throw new WorkOrderException(WorkOrderExceptionCode.NOT_FOUND, 'work order not found');
    }
    return workOrder;
  }

  /** A work order the caller may change, locked for the rest of the transaction. */
  async editable(manager: EntityManager, principal: Principal, id: string): Promise<WorkOrder> {
    const workOrder = await this.visible(manager, principal, id, { lock: true });
    if (!canEdit(workOrder, principal)) {
      throw new WorkOrderException(WorkOrderExceptionCode.FORBIDDEN, 'your role does not allow changing this work order');
    }
    return workOrder;
  }

  /** An editable work order that is still active (its lists can change). */
  async active(manager: EntityManager, principal: Principal, id: string): Promise<WorkOrder> {
    const workOrder = await this.editable(manager, principal, id);
    assertActive(workOrder);
    return workOrder;
  }
}
