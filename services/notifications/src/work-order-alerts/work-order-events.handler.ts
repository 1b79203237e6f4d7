import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  WorkOrderAssignedSchema,
  WorkOrderCancelledSchema,
  WorkOrderCompletedSchema,
  WorkOrderOverdueSchema,
  type WorkOrderAssigned,
  type WorkOrderCancelled,
  type WorkOrderCompleted,
  type WorkOrderOverdue,
} from '@mate/contracts';
import { OnEvent, type EventContext } from '@mate/messaging';
import { eventTime, optionalUuid, requireUuid, sourceEventOf } from '../alert-sources';
import { ResolveOnRecovery } from '../alerts';
import { AlertAssignees } from './use-cases/alert-assignees';
import { AlertOverdueWork } from './use-cases/alert-overdue-work';

/**
 * Work orders (mate.work-orders.v1) to personal alerts: assignments and overdue work; completion
 * or cancellation resolves them. In the inbox transaction: a redelivered event changes nothing.
 */
@Controller()
export class WorkOrderEventsHandler {
  constructor(
    @Inject(AlertAssignees) private readonly alertAssignees: AlertAssignees,
    @Inject(AlertOverdueWork) private readonly alertOverdue: AlertOverdueWork,
    @Inject(ResolveOnRecovery) private readonly resolve: ResolveOnRecovery,
  ) {}

  @OnEvent(WorkOrderAssignedSchema)
  onAssigned(@Payload() event: WorkOrderAssigned, @Ctx() ctx: EventContext): Promise<void> {
    return this.alertAssignees.execute(ctx.manager, sourceEventOf(ctx), {
      workOrderId: requireUuid(event.workOrderId, 'work_order_id'),
      number: event.number,
      assigneeIds: event.assigneeIds,
      previousAssigneeIds: event.previousAssigneeIds,
      assignedBy: event.assignedBy,
      dueAt: event.dueAt ? eventTime(event.dueAt, ctx) : null,
      place: { locationId: null, assetId: optionalUuid(event.assetId) },
    });
  }

  @OnEvent(WorkOrderOverdueSchema)
  onOverdue(@Payload() event: WorkOrderOverdue, @Ctx() ctx: EventContext): Promise<void> {
    return this.alertOverdue.execute(ctx.manager, sourceEventOf(ctx), {
      workOrderId: requireUuid(event.workOrderId, 'work_order_id'),
      number: event.number,
      assigneeIds: event.assigneeIds,
      dueAt: eventTime(event.dueAt, ctx),
      detectedAt: eventTime(event.detectedAt, ctx),
      place: { locationId: optionalUuid(event.locationId), assetId: optionalUuid(event.assetId) },
    });
  }

  @OnEvent(WorkOrderCompletedSchema)
  onCompleted(@Payload() event: WorkOrderCompleted, @Ctx() ctx: EventContext): Promise<void> {
    return this.ended('work_order.completed', event.workOrderId, ctx);
  }

  @OnEvent(WorkOrderCancelledSchema)
  onCancelled(@Payload() event: WorkOrderCancelled, @Ctx() ctx: EventContext): Promise<void> {
    return this.ended('work_order.cancelled', event.workOrderId, ctx);
  }

  private async ended(type: 'work_order.completed' | 'work_order.cancelled', workOrderId: string, ctx: EventContext): Promise<void> {
    const subject = { kind: 'work_order' as const, id: requireUuid(workOrderId, 'work_order_id') };
    await this.resolve.execute(ctx.manager, { tenantId: ctx.tenantId, type, subject, eventId: ctx.envelope.id, occurredAt: new Date(ctx.envelope.time) });
  }
}
