import type { WorkOrderDto } from './dtos/work-order.dtos';
import type { WorkOrder } from './work-order.entity';
import { ACTIVE_STATUSES } from './work-order.model';

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function isOverdue(workOrder: Pick<WorkOrder, 'status' | 'dueAt'>, now = new Date()): boolean {
  return ACTIVE_STATUSES.includes(workOrder.status) && workOrder.dueAt !== null && workOrder.dueAt.getTime() < now.getTime();
}

export function toWorkOrderDto(workOrder: WorkOrder, now = new Date()): WorkOrderDto {
  return {
    id: workOrder.id,
    number: workOrder.number,
    title: workOrder.title,
    description: workOrder.description,
    type: workOrder.type,
    priority: workOrder.priority,
    status: workOrder.status,
    assetId: workOrder.assetId,
    locationId: workOrder.locationId,
    assigneeIds: workOrder.assigneeIds,
    teamId: workOrder.teamId,
    requesterId: workOrder.requesterId,
    dueAt: iso(workOrder.dueAt),
    plannedStartAt: iso(workOrder.plannedStartAt),
    estimatedDurationMinutes: workOrder.estimatedDurationMinutes,
    failureCodes: { problem: workOrder.failureProblem, cause: workOrder.failureCause, remedy: workOrder.failureRemedy },
    source: workOrder.source,
    sourceRef: workOrder.sourceRef,
    pm: workOrder.pmPlanId ? { planId: workOrder.pmPlanId, occurrenceId: workOrder.pmOccurrenceId ?? '', catchUp: workOrder.pmCatchUp } : null,
    requestId: workOrder.requestId,
    parentWorkOrderId: workOrder.parentWorkOrderId,
    customFields: workOrder.customFields,
    attachments: workOrder.attachments,
    downtime: workOrder.downtimeStartedAt
      ? { startedAt: workOrder.downtimeStartedAt.toISOString(), endedAt: iso(workOrder.downtimeEndedAt), planned: workOrder.downtimePlanned }
      : null,
    followUpOnFailedInspection: workOrder.followUpOnFailedInspection,
    version: workOrder.version,
    overdue: isOverdue(workOrder, now),
    createdBy: workOrder.createdBy,
    createdAt: workOrder.createdAt.toISOString(),
    updatedAt: workOrder.updatedAt.toISOString(),
    firstResponseAt: iso(workOrder.firstResponseAt),
    startedAt: iso(workOrder.startedAt),
    completedAt: iso(workOrder.completedAt),
    completedBy: workOrder.completedBy,
    closedAt: iso(workOrder.closedAt),
    cancelledAt: iso(workOrder.cancelledAt),
    statusReason: workOrder.statusReason,
  };
}
