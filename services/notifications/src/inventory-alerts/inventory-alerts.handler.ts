import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { PartBelowReorderPointSchema, PartStockChangedSchema, type PartBelowReorderPoint, type PartStockChanged } from '@mate/contracts';
import { OnEvent, PermanentEventError, type EventContext } from '@mate/messaging';
import { eventTime, occurrenceOf, requireUuid } from '../alert-sources';
import { RecordAlertOccurrence, ResolveOnRecovery } from '../alerts';
import { ReorderWatchRepository } from './reorder-watch.repository';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function requireDecimal(value: string, field: string): string {
  if (!DECIMAL.test(value)) throw new PermanentEventError(`${field} is not a decimal`);
  return value;
}

/** One alert per part and storeroom: stock in one storeroom does not answer for another. */
function storeroomScope(storeroomId: string): string {
  return `storeroom:${storeroomId}`;
}

/**
 * Stock (mate.assets.v1): a part falling below its reorder point in a storeroom opens a warning
 * for the tenant; the stock change that brings it back to the point or above resolves it.
 */
@Controller()
export class InventoryAlertsHandler {
  constructor(
    @Inject(RecordAlertOccurrence) private readonly record: RecordAlertOccurrence,
    @Inject(ResolveOnRecovery) private readonly resolve: ResolveOnRecovery,
    @Inject(ReorderWatchRepository) private readonly watches: ReorderWatchRepository,
  ) {}

  @OnEvent(PartBelowReorderPointSchema)
  async onBelowReorderPoint(@Payload() event: PartBelowReorderPoint, @Ctx() ctx: EventContext): Promise<void> {
    const partId = requireUuid(event.partId, 'part_id');
    const storeroomId = requireUuid(event.storeroomId, 'storeroom_id');
    const reorderPoint = requireDecimal(event.reorderPoint, 'reorder_point');
    await this.watches.watch(ctx.manager, ctx.tenantId, partId, storeroomId, reorderPoint);
    const command = occurrenceOf('part.below_reorder_point', ctx, {
      subjectId: partId,
      subjectName: event.name ? `${event.sku} ${event.name}` : event.sku,
      scope: storeroomScope(storeroomId),
      occurredAt: eventTime(event.occurredAt, ctx),
      title: `${event.sku} is below its reorder point`,
      summary: `${event.onHand} on hand (${event.available || event.onHand} available) in storeroom ${storeroomId}; reorder point ${reorderPoint}, minimum ${event.minimum || '0'}.`,
    });
    await this.record.execute(ctx.manager, command);
  }

  @OnEvent(PartStockChangedSchema)
  async onStockChanged(@Payload() event: PartStockChanged, @Ctx() ctx: EventContext): Promise<void> {
    const partId = requireUuid(event.partId, 'part_id');
    const storeroomId = requireUuid(event.storeroomId, 'storeroom_id');
    const onHand = requireDecimal(event.onHand, 'on_hand');
    if (!(await this.watches.endIfRestocked(ctx.manager, ctx.tenantId, partId, storeroomId, onHand))) return;
    await this.resolve.execute(ctx.manager, {
      tenantId: ctx.tenantId,
      type: 'part.restocked',
      subject: { kind: 'part', id: partId },
      scope: storeroomScope(storeroomId),
      eventId: ctx.envelope.id,
      occurredAt: eventTime(event.occurredAt, ctx),
    });
  }
}
