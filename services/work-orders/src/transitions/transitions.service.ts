import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox, type OutboundEvent } from '@mate/messaging';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  WorkOrderCancelledSchema,
  WorkOrderClosedSchema,
  WorkOrderCompletedSchema,
  WorkOrderStatusChangedSchema,
  type DowntimeSchema,
} from '@mate/contracts';
import { ChecklistItem } from '../checklists/checklist-item.entity';
import { isAnswered } from '../checklists/checklist-rules';
import { completionDetails, markPartLinesIssued, stopRunningTimers } from '../labour-and-costs/completion-details';
import type { WorkOrderDto } from '../work-orders/dtos/work-order.dtos';
import {
  failureCodesOf,
  illegalTransition,
  invalidField,
  isAssignee,
  persistWorkOrder,
  pmReferenceOf,
  priorityToProto,
  referenceFields,
  ruleViolation,
  sourceToProto,
  statusToProto,
  timestamp,
  toWorkOrderDto,
  typeToProto,
  workOrderEvent,
  WorkOrder,
  WorkOrderException,
  WorkOrderExceptionCode,
  recordHistory,
  WorkOrdersService,
  type WorkOrderStatus,
} from '../work-orders';
import type { EntityManager } from 'typeorm';
import { allowedTransitions, isAllowedTransition, isReopen, mayTransition, reasonRequired } from './work-order-state-machine';

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

@Injectable()
export class TransitionsService {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(WorkOrdersService) private readonly workOrders: WorkOrdersService,
  ) {}

  async transition(principal: Principal, id: string, to: WorkOrderStatus, reason: string | undefined): Promise<WorkOrderDto> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.workOrders.loadVisible(manager, principal, id, true);
      const from = workOrder.status;
      if (!isAllowedTransition(from, to)) throw illegalTransition(from, to, allowedTransitions(from));
      if (!mayTransition(principal.roles, isAssignee(workOrder, principal), from, to)) {
        throw new WorkOrderException(
          WorkOrderExceptionCode.FORBIDDEN,
          isReopen(from, to) || to === 'closed' || to === 'cancelled'
            ? `only planners and admins may move a work order from ${from} to ${to}`
            : 'only the assigned technicians, planners and admins may work on this work order',
        );
      }
      const trimmedReason = reason?.trim() || undefined;
      if (reasonRequired(from, to) && !trimmedReason) {
        throw invalidField('reason', `a reason is required to go from ${from} to ${to}`);
      }
      if (to === 'completed') await this.assertChecklistDone(manager, workOrder);

      const now = new Date();
      workOrder.status = to;
      workOrder.version += 1;
      workOrder.updatedAt = now;
      workOrder.statusReason = trimmedReason ?? null;
      if (to === 'in_progress') {
        workOrder.startedAt ??= now;
        workOrder.firstResponseAt ??= now;
      }
      if (isReopen(from, to)) {
        workOrder.completedAt = null;
        workOrder.completedBy = null;
      }
      if (to === 'completed') {
        workOrder.completedAt = now;
        workOrder.completedBy = principal.subject;
        workOrder.completionCount += 1;
        await markPartLinesIssued(manager, workOrder.tenantId, workOrder.id, now);
      }
      if (to === 'closed') workOrder.closedAt = now;
      if (to === 'cancelled') workOrder.cancelledAt = now;
      // Completed and cancelled work is over: downtime it still holds open ends now (a cancelled
      // work order is locked, so it could never be ended later).
      if ((to === 'completed' || to === 'cancelled') && workOrder.downtimeStartedAt && !workOrder.downtimeEndedAt) {
        workOrder.downtimeEndedAt = now;
      }
      if (to === 'completed' || to === 'cancelled') await stopRunningTimers(manager, workOrder.tenantId, workOrder.id, now);
      await persistWorkOrder(manager, workOrder);
      await recordHistory(manager, [{
        tenantId: workOrder.tenantId,
        workOrderId: id,
        kind: 'transition',
        fromStatus: from,
        toStatus: to,
        reason: trimmedReason ?? null,
        actor: principal.subject,
        at: now,
      }]);
      await this.outbox.append(manager, await this.events(manager, workOrder, from, principal.subject, now));
      return toWorkOrderDto(workOrder, now);
    });
  }

  private async assertChecklistDone(manager: EntityManager, workOrder: WorkOrder): Promise<void> {
    const required = await manager.find(ChecklistItem, {
      where: { tenantId: workOrder.tenantId, workOrderId: workOrder.id, required: true },
      order: { position: 'ASC' },
    });
    const missing = required.filter((item) => !isAnswered(item));
    if (missing.length > 0) {
      throw ruleViolation(
        WorkOrderExceptionCode.CHECKLIST_INCOMPLETE,
        `${missing.length} required checklist item(s) are not done`,
        { items: missing.map((item) => ({ id: item.id, label: item.label })) },
      );
    }
  }

  private async events(
    manager: EntityManager,
    workOrder: WorkOrder,
    from: WorkOrderStatus,
    actor: string,
    now: Date,
  ): Promise<OutboundEvent[]> {
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
    if (to === 'completed') {
      const details = await completionDetails(manager, workOrder.tenantId, workOrder.id);
      events.push(
        workOrderEvent(workOrder, WorkOrderCompletedSchema, {
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
        }),
      );
    }
    if (to === 'closed') {
      const { workOrderId, number, source, sourceRef, pm, assetId } = referenceFields(workOrder);
      events.push(
        workOrderEvent(workOrder, WorkOrderClosedSchema, {
          workOrderId,
          number,
          source,
          sourceRef,
          pm,
          assetId,
          closedAt: timestamp(now),
          closedBy: actor,
        }),
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
}
