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
import { personalScope } from '../alert-rules';
import { eventTime, occurrenceOf, requireUuid } from '../alert-sources';
import { RecordAlertOccurrence, ResolveOnRecovery } from '../alerts';

/**
 * Work orders (mate.work-orders.v1) become personal alerts: each newly assigned technician gets
 * one in their own inbox, and so does each assignee when the work order is overdue (the tenant's
 * inbox when nobody is assigned). Completion or cancellation resolves them. Runs in the inbox
 * transaction: a redelivered event changes nothing.
 */
@Controller()
export class WorkOrderAlertsHandler {
  constructor(
    @Inject(RecordAlertOccurrence) private readonly record: RecordAlertOccurrence,
    @Inject(ResolveOnRecovery) private readonly resolve: ResolveOnRecovery,
  ) {}

  @OnEvent(WorkOrderAssignedSchema)
  async onAssigned(@Payload() event: WorkOrderAssigned, @Ctx() ctx: EventContext): Promise<void> {
    const workOrderId = requireUuid(event.workOrderId, 'work_order_id');
    const before = new Set(event.previousAssigneeIds);
    const now = new Set(event.assigneeIds);
    const occurredAt = new Date(ctx.envelope.time);
    const due = event.dueAt ? `, due ${eventTime(event.dueAt, ctx).toISOString()}` : '';
    for (const userId of now) {
      if (before.has(userId) || userId === '') continue;
      const command = occurrenceOf('work_order.assigned', ctx, {
        subjectId: workOrderId,
        subjectName: event.number,
        occurredAt,
        title: `Work order ${event.number} is assigned to you`,
        summary: `Assigned by ${event.assignedBy || 'the system'}${due}.`,
        recipient: { userId, email: null },
      });
      await this.record.execute(ctx.manager, command);
    }
    for (const userId of before) {
      if (now.has(userId)) continue;
      await this.resolve.execute(ctx.manager, {
        tenantId: ctx.tenantId,
        type: 'work_order.unassigned',
        subject: { kind: 'work_order', id: workOrderId },
        scope: personalScope(userId),
        eventId: ctx.envelope.id,
        occurredAt,
      });
    }
  }

  @OnEvent(WorkOrderOverdueSchema)
  async onOverdue(@Payload() event: WorkOrderOverdue, @Ctx() ctx: EventContext): Promise<void> {
    const workOrderId = requireUuid(event.workOrderId, 'work_order_id');
    const dueAt = eventTime(event.dueAt, ctx);
    const assignees = [...new Set(event.assigneeIds.filter((id) => id !== ''))];
    const recipients = assignees.length > 0 ? assignees.map((userId) => ({ userId, email: null })) : [undefined];
    for (const recipient of recipients) {
      const command = occurrenceOf('work_order.overdue', ctx, {
        subjectId: workOrderId,
        subjectName: event.number,
        occurredAt: eventTime(event.detectedAt, ctx),
        title: `Work order ${event.number} is overdue`,
        summary: `It was due ${dueAt.toISOString()}.`,
        recipient,
      });
      await this.record.execute(ctx.manager, command);
    }
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
