import {
  MeterReadingCapturedSchema,
  PartsReservationRequestedSchema,
  topicSpecFor,
  WorkOrderAssignedSchema,
  WorkOrderCancelledSchema,
  WorkOrderClosedSchema,
  WorkOrderCompletedSchema,
  WorkOrderCreatedSchema,
  WorkOrderOverdueSchema,
  WorkOrderStatus,
  WorkOrderStatusChangedSchema,
  WorkOrderUpdatedSchema,
  WorkRequestApprovedSchema,
  WorkRequestRejectedSchema,
  WorkRequestSubmittedSchema,
  type WorkOrderCompleted,
  type WorkOrderCreated,
  type WorkOrderSnapshot,
  type WorkOrderStatusChanged,
  type WorkOrderUpdated,
} from '@mate/contracts';
import { EventContext, OnEvent, PermanentEventError, subscribe } from '@mate/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { priorityName, statusName, workTypeName } from './event-enums';
import { optionalTime, optionalUuidField, timeField, uuidField } from './event-fields';
import { Projection } from './projection';
import { FactWriter, type WorkOrderChange } from './fact-writer';

function changeOf(snapshot: WorkOrderSnapshot | undefined, eventTime: string): WorkOrderChange {
  if (!snapshot) throw new PermanentEventError('work_order is missing');
  return {
    workOrderId: uuidField(snapshot.workOrderId, 'work_order.work_order_id'),
    number: snapshot.number,
    assetId: optionalUuidField(snapshot.assetId, 'work_order.asset_id'),
    locationId: optionalUuidField(snapshot.locationId, 'work_order.location_id'),
    type: workTypeName(snapshot.type),
    priority: priorityName(snapshot.priority),
    status: statusName(snapshot.status),
    createdAt: optionalTime(snapshot.createdAt) ?? new Date(eventTime),
    dueAt: optionalTime(snapshot.dueAt),
    plannedStartAt: optionalTime(snapshot.plannedStartAt),
    estimatedMinutes: snapshot.estimatedDurationMinutes,
    pmPlanId: snapshot.pm?.planId || null,
    pmOccurrenceId: snapshot.pm?.occurrenceId || null,
  };
}

/**
 * The work-orders service's events (mate.work-orders.v1) → work_order_facts: one row per work order
 * with what the KPIs read (type, priority, times, labour and costs at the latest completion).
 */
@Controller()
export class WorkOrderFactsHandler {
  constructor(@Inject(Projection) private readonly projection: Projection) {}

  @OnEvent(WorkOrderCreatedSchema)
  async onCreated(@Payload() event: WorkOrderCreated, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await FactWriter.upsertWorkOrder(ctx.manager, ctx.tenantId, changeOf(event.workOrder, ctx.envelope.time));
  }

  @OnEvent(WorkOrderUpdatedSchema)
  async onUpdated(@Payload() event: WorkOrderUpdated, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await FactWriter.upsertWorkOrder(ctx.manager, ctx.tenantId, changeOf(event.workOrder, ctx.envelope.time));
  }

  /** Every transition: status, first response, cancellation and reopening (completed → in progress). */
  @OnEvent(WorkOrderStatusChangedSchema)
  async onStatusChanged(@Payload() event: WorkOrderStatusChanged, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    const workOrderId = uuidField(event.workOrderId, 'work_order_id');
    const changedAt = timeField(event.changedAt, 'changed_at');
    await FactWriter.upsertWorkOrder(ctx.manager, ctx.tenantId, {
      workOrderId,
      number: event.number,
      assetId: optionalUuidField(event.assetId, 'asset_id'),
      locationId: optionalUuidField(event.locationId, 'location_id'),
      type: workTypeName(event.type),
      priority: priorityName(event.priority),
      status: statusName(event.toStatus),
      createdAt: changedAt,
      firstResponseAt: optionalTime(event.firstResponseAt),
      pmPlanId: event.pm?.planId || null,
      pmOccurrenceId: event.pm?.occurrenceId || null,
    });
    if (event.toStatus === WorkOrderStatus.CANCELLED) await FactWriter.cancel(ctx.manager, ctx.tenantId, workOrderId, changedAt);
    if (event.fromStatus === WorkOrderStatus.COMPLETED && event.toStatus === WorkOrderStatus.IN_PROGRESS) {
      await FactWriter.reopen(ctx.manager, ctx.tenantId, workOrderId);
    }
  }

  @OnEvent(WorkOrderCompletedSchema)
  async onCompleted(@Payload() event: WorkOrderCompleted, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    const workOrderId = uuidField(event.workOrderId, 'work_order_id');
    const completedAt = timeField(event.completedAt, 'completed_at');
    await FactWriter.upsertWorkOrder(ctx.manager, ctx.tenantId, {
      workOrderId,
      number: event.number,
      assetId: optionalUuidField(event.assetId, 'asset_id'),
      locationId: optionalUuidField(event.locationId, 'location_id'),
      type: workTypeName(event.type),
      priority: priorityName(event.priority),
      status: 'completed',
      createdAt: optionalTime(event.createdAt) ?? completedAt,
      firstResponseAt: optionalTime(event.firstResponseAt),
      dueAt: optionalTime(event.dueAt),
      pmPlanId: event.pm?.planId || null,
      pmOccurrenceId: event.pm?.occurrenceId || null,
    });
    await FactWriter.complete(ctx.manager, ctx.tenantId, workOrderId, {
      completedAt,
      labourMinutes: event.totals?.labourMinutes ?? 0n,
      labourCost: event.totals?.labourCost ?? '0',
      partsCost: event.totals?.partsCost ?? '0',
      otherCost: event.totals?.otherCost ?? '0',
    });
  }
}

const STATUS_CHANGE_CARRIES_IT = 'WorkOrderStatusChanged carries the same transition with its time';

/** What reporting consumes from mate.work-orders.v1. */
export const WORK_ORDER_EVENTS = subscribe(topicSpecFor('work-orders'), {
  handlers: [WorkOrderFactsHandler],
  ignored: [
    { schema: WorkOrderCancelledSchema, reason: STATUS_CHANGE_CARRIES_IT },
    { schema: WorkOrderClosedSchema, reason: STATUS_CHANGE_CARRIES_IT },
    { schema: WorkOrderAssignedSchema, reason: 'no KPI reads assignees' },
    { schema: WorkOrderOverdueSchema, reason: 'overdue work is computed from due dates at the instant asked' },
    { schema: PartsReservationRequestedSchema, reason: 'part costs come with the completion' },
    { schema: MeterReadingCapturedSchema, reason: 'no KPI reads meter readings' },
    { schema: WorkRequestSubmittedSchema, reason: 'requests are not work until approved (a work order is created)' },
    { schema: WorkRequestApprovedSchema, reason: 'requests are not work until approved (a work order is created)' },
    { schema: WorkRequestRejectedSchema, reason: 'requests are not work until approved (a work order is created)' },
  ],
});
