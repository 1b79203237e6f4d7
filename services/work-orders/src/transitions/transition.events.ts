import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  WorkOrderCancelledSchema,
  WorkOrderClosedSchema,
  WorkOrderCompletedSchema,
  WorkOrderStatusChangedSchema,
  type DowntimeSchema,
} from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import type { CompletionDetails } from '../labour-and-costs/completion-details';
import type { WorkOrder } from '../work-orders/work-order.entity';
import {
  failureCodesOf,
  pmReferenceOf,
  priorityToProto,
  referenceFields,
  sourceToProto,
  statusToProto,
  timestamp,
  typeToProto,
  workOrderEvent,
} from '../work-orders/work-order.events';
import type { WorkOrderStatus } from '../work-orders/work-order.model';

/** The downtime recorded on a work order as its completion and cancellation events carry it. */
function downtimeOf(workOrder: WorkOrder): MessageInitShape<typeof DowntimeSchema> | undefined {
  const { downtimeStartedAt: startedAt, downtimeEndedAt: endedAt } = workOrder;
  if (!startedAt) return undefined;
  return {
    startedAt: timestamp(startedAt),
    endedAt: timestamp(endedAt),
    minutes: endedAt ? BigInt(Math.max(0, Math.floor((endedAt.getTime() - startedAt.getTime()) / 60_000))) : 0n,
    planned: workOrder.downtimePlanned,
  };
}

function completedEvent(workOrder: WorkOrder, actor: string, details: CompletionDetails): OutboundEvent {
  return workOrderEvent(workOrder, WorkOrderCompletedSchema, {
    workOrderId: workOrder.id,
    number: workOrder.number,
    assetId: workOrder.assetId ?? '',
    locationId: workOrder.locationId ?? '',
    type: typeToProto(workOrder.type),
    priority: priorityToProto(workOrder.priority),
    source: sourceToProto(workOrder.source),
    sourceRef: workOrder.sourceRef ?? '',
    pm: pmReferenceOf(workOrder),
    dueAt: timestamp(workOrder.dueAt),
    completedAt: timestamp(workOrder.completedAt),
    completedBy: actor,
    createdAt: timestamp(workOrder.createdAt),
    firstResponseAt: timestamp(workOrder.firstResponseAt),
    startedAt: timestamp(workOrder.startedAt),
    ...details,
    downtime: downtimeOf(workOrder),
    failureCodes: failureCodesOf(workOrder),
    recompleted: workOrder.completionCount > 1,
  });
}

/**
 * The events of a transition the work order has just made from `from`: WorkOrderStatusChanged,
 * then WorkOrderCompleted (with `completion`), WorkOrderClosed or WorkOrderCancelled.
 */
export function transitionEvents(
  workOrder: WorkOrder,
  from: WorkOrderStatus,
  actor: string,
  now: Date,
  completion: CompletionDetails | undefined,
): OutboundEvent[] {
  const to = workOrder.status;
  const events: OutboundEvent[] = [
    workOrderEvent(workOrder, WorkOrderStatusChangedSchema, {
      ...referenceFields(workOrder),
      fromStatus: statusToProto(from),
      toStatus: statusToProto(to),
      reason: workOrder.statusReason ?? '',
      changedBy: actor,
      changedAt: timestamp(now),
      locationId: workOrder.locationId ?? '',
      type: typeToProto(workOrder.type),
      priority: priorityToProto(workOrder.priority),
      firstResponseAt: timestamp(workOrder.firstResponseAt),
    }),
  ];
  if (to === 'completed' && completion) events.push(completedEvent(workOrder, actor, completion));
  if (to === 'closed') {
    const { workOrderId, number, source, sourceRef, pm, assetId } = referenceFields(workOrder);
    events.push(
      workOrderEvent(workOrder, WorkOrderClosedSchema, { workOrderId, number, source, sourceRef, pm, assetId, closedAt: timestamp(now), closedBy: actor }),
    );
  }
  if (to === 'cancelled') {
    events.push(
      workOrderEvent(workOrder, WorkOrderCancelledSchema, {
        ...referenceFields(workOrder),
        reason: workOrder.statusReason ?? '',
        fromStatus: statusToProto(from),
        cancelledAt: timestamp(now),
        cancelledBy: actor,
        downtime: downtimeOf(workOrder),
      }),
    );
  }
  return events;
}
