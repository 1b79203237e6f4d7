import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  MeterReadingCapturedSchema,
  PartsReservationRequestedSchema,
  WorkOrderCancelledSchema,
  WorkOrderCompletedSchema,
  type MeterReadingCaptured,
  type PartsReservationRequested,
  type WorkOrderCancelled,
  type WorkOrderCompleted,
} from '@mate/contracts';
import { OnEvent, PermanentEventError, type EventContext } from '@mate/messaging';
import { isUuid } from '@mate/service-kit';
import { ApplyWorkOrderDowntime, workOrderDowntimeOf, type WorkOrderDowntime, type WorkOrderDowntimeFields } from '../assets';
import { isDecimalString } from '../common/decimal.util';
import { IssueWorkOrderParts, ReservationsService } from '../inventory';
import { MetersService } from '../meters';

/**
 * What the assets service does with work-order events (topic mate.work-orders.v1). Each handler runs
 * in the inbox transaction (`ctx.manager`, tenant set), so its effects happen exactly once per event.
 * Business failures (unknown part, short stock, a rejected reading) are recorded or logged, never
 * thrown: a throw means "retry", which would not help them. A malformed event (an id that is not a
 * uuid) throws PermanentEventError: it goes to the dead-letter topic after one attempt.
 */
@Controller()
export class WorkOrderEventsHandler {
  private readonly logger = new Logger(WorkOrderEventsHandler.name);

  constructor(
    @Inject(ReservationsService) private readonly reservations: ReservationsService,
    @Inject(IssueWorkOrderParts) private readonly issueParts: IssueWorkOrderParts,
    @Inject(MetersService) private readonly meters: MetersService,
    @Inject(ApplyWorkOrderDowntime) private readonly applyDowntime: ApplyWorkOrderDowntime,
  ) {}

  @OnEvent(WorkOrderCompletedSchema)
  async onCompleted(@Payload() event: WorkOrderCompleted, @Ctx() ctx: EventContext): Promise<void> {
    if (!isUuid(event.workOrderId)) throw new PermanentEventError('work_order_id is not a uuid');
    const downtime = this.downtimeOf({ ...event, endedBy: event.completedAt });
    const summary = await this.issueParts.execute(
      ctx.manager,
      ctx.tenantId,
      { id: event.workOrderId, number: event.number, assetId: isUuid(event.assetId) ? event.assetId : null },
      event.partsUsed.map((p) => ({ lineId: p.lineId, partId: p.partId, storeroomId: p.storeroomId, quantity: p.quantity, unitCost: p.unitCost })),
      this.actor(event.completedBy, ctx),
    );
    this.logger.log({ workOrderId: event.workOrderId, ...summary }, 'parts issued for a completed work order');
    await this.apply(ctx, downtime);
  }

  @OnEvent(PartsReservationRequestedSchema)
  async onReservationRequested(@Payload() event: PartsReservationRequested, @Ctx() ctx: EventContext): Promise<void> {
    if (!isUuid(event.workOrderId)) throw new PermanentEventError('work_order_id is not a uuid');
    await this.reservations.replace(
      ctx.manager,
      ctx.tenantId,
      event.workOrderId,
      event.lines.map((l) => ({ lineId: l.lineId, partId: l.partId, storeroomId: l.storeroomId, quantity: l.quantity })),
      this.actor(event.requestedBy, ctx),
    );
  }

  @OnEvent(WorkOrderCancelledSchema)
  async onCancelled(@Payload() event: WorkOrderCancelled, @Ctx() ctx: EventContext): Promise<void> {
    if (!isUuid(event.workOrderId)) throw new PermanentEventError('work_order_id is not a uuid');
    const downtime = this.downtimeOf({ ...event, endedBy: event.cancelledAt });
    await this.reservations.releaseAll(ctx.manager, ctx.tenantId, event.workOrderId, this.actor(event.cancelledBy, ctx), 'work order cancelled');
    await this.apply(ctx, downtime);
  }

  @OnEvent(MeterReadingCapturedSchema)
  async onMeterReading(@Payload() event: MeterReadingCaptured, @Ctx() ctx: EventContext): Promise<void> {
    if (!isUuid(event.meterId) || !isDecimalString(event.value) || !event.readAt) {
      throw new PermanentEventError('meter reading without a valid meter id, value or time');
    }
    const row = this.meters.parseRow({
      meterId: event.meterId,
      value: event.value,
      readAt: timestampDate(event.readAt),
      workOrderId: isUuid(event.workOrderId) ? event.workOrderId : null,
    });
    const [outcome] = await this.meters.ingestIn(ctx.manager, ctx.tenantId, [row], this.actor(event.capturedBy, ctx), 'work-order');
    if (outcome.status === 'rejected') {
      this.logger.warn({ meterId: event.meterId, eventId: ctx.envelope.id, code: outcome.code, error: outcome.error }, 'meter reading from a work order rejected');
    }
  }

  /** The downtime the completed or cancelled work order recorded; one that cannot be (no asset, no end, ends before it starts) makes the event impossible. */
  private downtimeOf(fields: WorkOrderDowntimeFields): WorkOrderDowntime | null {
    const downtime = workOrderDowntimeOf(fields);
    if (downtime !== null && 'invalid' in downtime) throw new PermanentEventError(downtime.invalid);
    return downtime;
  }

  /** Applies the downtime to its asset; an asset this tenant does not have is logged, like an unknown part. */
  private async apply(ctx: EventContext, downtime: WorkOrderDowntime | null): Promise<void> {
    if (downtime === null) return;
    const applied = await this.applyDowntime.execute(ctx.manager, ctx.tenantId, downtime);
    if (applied === 'asset_not_found') {
      this.logger.warn({ eventId: ctx.envelope.id, assetId: downtime.assetId }, 'downtime for an asset this tenant does not have: not applied');
    }
  }

  private actor(subject: string, ctx: EventContext): string {
    return subject || `system:${ctx.envelope.type}`;
  }
}
