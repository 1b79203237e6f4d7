import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import {
  FailureCodesSchema,
  PmReferenceSchema,
  WorkOrderAssignedSchema,
  WorkOrderCreatedSchema,
  WorkOrderPriority as WorkOrderPriorityProto,
  WorkOrderSnapshotSchema,
  WorkOrderSource as WorkOrderSourceProto,
  WorkOrderStatus as WorkOrderStatusProto,
  WorkOrderType as WorkOrderTypeProto,
  WorkOrderUpdatedSchema,
  type FailureCodes,
  type PmReference,
  type WorkOrderSnapshot,
} from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import { assertUnreachable } from '@mate/service-kit';
import type { WorkOrder } from './work-order.entity';
import type { WorkOrderPriority, WorkOrderSource, WorkOrderStatus, WorkOrderType } from './work-order.model';

export function typeToProto(type: WorkOrderType): WorkOrderTypeProto {
  switch (type) {
    case 'corrective':
      return WorkOrderTypeProto.CORRECTIVE;
    case 'preventive':
      return WorkOrderTypeProto.PREVENTIVE;
    case 'inspection':
      return WorkOrderTypeProto.INSPECTION;
    case 'emergency':
      return WorkOrderTypeProto.EMERGENCY;
    case 'project':
      return WorkOrderTypeProto.PROJECT;
    default:
      return assertUnreachable(type);
  }
}

export function priorityToProto(priority: WorkOrderPriority): WorkOrderPriorityProto {
  switch (priority) {
    case 'none':
      return WorkOrderPriorityProto.NONE;
    case 'low':
      return WorkOrderPriorityProto.LOW;
    case 'medium':
      return WorkOrderPriorityProto.MEDIUM;
    case 'high':
      return WorkOrderPriorityProto.HIGH;
    case 'critical':
      return WorkOrderPriorityProto.CRITICAL;
    default:
      return assertUnreachable(priority);
  }
}

export function statusToProto(status: WorkOrderStatus): WorkOrderStatusProto {
  switch (status) {
    case 'open':
      return WorkOrderStatusProto.OPEN;
    case 'in_progress':
      return WorkOrderStatusProto.IN_PROGRESS;
    case 'on_hold':
      return WorkOrderStatusProto.ON_HOLD;
    case 'completed':
      return WorkOrderStatusProto.COMPLETED;
    case 'closed':
      return WorkOrderStatusProto.CLOSED;
    case 'cancelled':
      return WorkOrderStatusProto.CANCELLED;
    default:
      return assertUnreachable(status);
  }
}

export function sourceToProto(source: WorkOrderSource): WorkOrderSourceProto {
  switch (source) {
    case 'manual':
      return WorkOrderSourceProto.MANUAL;
    case 'request':
      return WorkOrderSourceProto.REQUEST;
    case 'pm':
      return WorkOrderSourceProto.PM;
    case 'connector':
      return WorkOrderSourceProto.CONNECTOR;
    default:
      return assertUnreachable(source);
  }
}

export function timestamp(date: Date | null | undefined): Timestamp | undefined {
  return date ? timestampFromDate(date) : undefined;
}

export function pmReferenceOf(workOrder: WorkOrder): PmReference | undefined {
  if (!workOrder.pmPlanId && !workOrder.pmOccurrenceId) return undefined;
  return create(PmReferenceSchema, { planId: workOrder.pmPlanId ?? '', occurrenceId: workOrder.pmOccurrenceId ?? '' });
}

export function failureCodesOf(workOrder: WorkOrder): FailureCodes | undefined {
  if (!workOrder.failureProblem && !workOrder.failureCause && !workOrder.failureRemedy) return undefined;
  return create(FailureCodesSchema, {
    problem: workOrder.failureProblem ?? '',
    cause: workOrder.failureCause ?? '',
    remedy: workOrder.failureRemedy ?? '',
  });
}

/** The fields every work-order event repeats so consumers need no lookup. */
export function referenceFields(workOrder: WorkOrder) {
  return {
    workOrderId: workOrder.id,
    number: workOrder.number,
    source: sourceToProto(workOrder.source),
    sourceRef: workOrder.sourceRef ?? '',
    pm: pmReferenceOf(workOrder),
    assetId: workOrder.assetId ?? '',
  };
}

function snapshotOf(workOrder: WorkOrder): WorkOrderSnapshot {
  return create(WorkOrderSnapshotSchema, {
    workOrderId: workOrder.id,
    number: workOrder.number,
    title: workOrder.title,
    description: workOrder.description,
    type: typeToProto(workOrder.type),
    priority: priorityToProto(workOrder.priority),
    status: statusToProto(workOrder.status),
    assetId: workOrder.assetId ?? '',
    locationId: workOrder.locationId ?? '',
    assigneeIds: workOrder.assigneeIds,
    teamId: workOrder.teamId ?? '',
    requesterId: workOrder.requesterId ?? '',
    dueAt: timestamp(workOrder.dueAt),
    plannedStartAt: timestamp(workOrder.plannedStartAt),
    estimatedDurationMinutes: workOrder.estimatedDurationMinutes ?? 0,
    source: sourceToProto(workOrder.source),
    sourceRef: workOrder.sourceRef ?? '',
    pm: pmReferenceOf(workOrder),
    requestId: workOrder.requestId ?? '',
    parentWorkOrderId: workOrder.parentWorkOrderId ?? '',
    failureCodes: failureCodesOf(workOrder),
    version: BigInt(workOrder.version),
    createdAt: timestampFromDate(workOrder.createdAt),
  });
}

/** Every event of a work order is keyed by its id: they stay in order on one partition. */
export function workOrderEvent<D extends DescMessage>(
  workOrder: Pick<WorkOrder, 'id' | 'tenantId'>,
  schema: D,
  init: MessageInitShape<D>,
  time?: Date,
): OutboundEvent {
  return { schema, message: create(schema, init), subject: workOrder.id, tenantId: workOrder.tenantId, time };
}

export function createdEvent(workOrder: WorkOrder, actor: string): OutboundEvent {
  return workOrderEvent(workOrder, WorkOrderCreatedSchema, { workOrder: snapshotOf(workOrder), createdBy: actor });
}

export function updatedEvent(workOrder: WorkOrder, changedFields: string[], actor: string): OutboundEvent {
  return workOrderEvent(workOrder, WorkOrderUpdatedSchema, { workOrder: snapshotOf(workOrder), changedFields, updatedBy: actor });
}

export function assignedEvent(
  workOrder: WorkOrder,
  previous: { assigneeIds: string[]; teamId: string | null },
  actor: string,
): OutboundEvent {
  return workOrderEvent(workOrder, WorkOrderAssignedSchema, {
    workOrderId: workOrder.id,
    number: workOrder.number,
    assigneeIds: workOrder.assigneeIds,
    teamId: workOrder.teamId ?? '',
    previousAssigneeIds: previous.assigneeIds,
    previousTeamId: previous.teamId ?? '',
    assignedBy: actor,
    assetId: workOrder.assetId ?? '',
    dueAt: timestamp(workOrder.dueAt),
  });
}
