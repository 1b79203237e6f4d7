import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { PartBelowReorderPointSchema, PartStockChangedSchema, type PartBelowReorderPoint, type PartStockChanged } from '@mate/contracts';
import { OnEvent, PermanentEventError, type EventContext } from '@mate/messaging';
import { eventTime, requireUuid, sourceEventOf } from '../alert-sources';
import { FollowPartStock } from './use-cases/follow-part-stock';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function requireDecimal(value: string, field: string): string {
  if (!DECIMAL.test(value)) throw new PermanentEventError(`${field} is not a decimal`);
  return value;
}

/** Stock (mate.assets.v1): below the reorder point, and back. In the inbox transaction. */
@Controller()
export class AssetEventsHandler {
  constructor(@Inject(FollowPartStock) private readonly stock: FollowPartStock) {}

  @OnEvent(PartBelowReorderPointSchema)
  onBelowReorderPoint(@Payload() event: PartBelowReorderPoint, @Ctx() ctx: EventContext): Promise<void> {
    return this.stock.fellBelow(ctx.manager, sourceEventOf(ctx), {
      partId: requireUuid(event.partId, 'part_id'),
      storeroomId: requireUuid(event.storeroomId, 'storeroom_id'),
      sku: event.sku,
      name: event.name,
      onHand: event.onHand,
      available: event.available,
      reorderPoint: requireDecimal(event.reorderPoint, 'reorder_point'),
      minimum: event.minimum,
      at: eventTime(event.occurredAt, ctx),
    });
  }

  @OnEvent(PartStockChangedSchema)
  onStockChanged(@Payload() event: PartStockChanged, @Ctx() ctx: EventContext): Promise<void> {
    return this.stock.changed(ctx.manager, sourceEventOf(ctx), {
      partId: requireUuid(event.partId, 'part_id'),
      storeroomId: requireUuid(event.storeroomId, 'storeroom_id'),
      onHand: requireDecimal(event.onHand, 'on_hand'),
      at: eventTime(event.occurredAt, ctx),
    });
  }
}
