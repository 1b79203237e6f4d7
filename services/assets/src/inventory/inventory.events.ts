import { PartBelowReorderPointSchema, PartStockChangedSchema, StockMovementKind } from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import { formatDecimal, fromNumeric, numericText } from '../common/decimal.util';
import { outboundEvent } from '../common/event-publisher';
import { timestamp } from '../common/time.util';
import type { MovementKind, Part, StockLevel, StockMovement } from './inventory.entities';

const KIND: Record<MovementKind, StockMovementKind> = {
  receipt: StockMovementKind.RECEIPT,
  issue: StockMovementKind.ISSUE,
  transfer_out: StockMovementKind.TRANSFER_OUT,
  transfer_in: StockMovementKind.TRANSFER_IN,
  adjustment: StockMovementKind.ADJUSTMENT,
  reservation: StockMovementKind.RESERVATION,
  reservation_release: StockMovementKind.RESERVATION_RELEASE,
};

function available(level: StockLevel): string {
  return formatDecimal(fromNumeric(level.onHand) - fromNumeric(level.reserved));
}

export function partStockChanged(part: Part, level: StockLevel, movement: StockMovement): OutboundEvent {
  return outboundEvent(
    PartStockChangedSchema,
    part.tenantId,
    part.id,
    {
      partId: part.id,
      storeroomId: level.storeroomId,
      sku: part.sku,
      movementId: movement.id,
      movementKind: KIND[movement.kind],
      quantityDelta: numericText(movement.quantity),
      onHand: numericText(level.onHand),
      reserved: numericText(level.reserved),
      available: available(level),
      workOrderId: movement.workOrderId ?? '',
      purchaseOrderId: movement.purchaseOrderId ?? '',
      reason: movement.reason ?? '',
      occurredAt: timestamp(movement.occurredAt),
      actor: movement.actor,
    },
    movement.occurredAt,
  );
}

export function partBelowReorderPoint(part: Part, level: StockLevel, at: Date): OutboundEvent {
  return outboundEvent(
    PartBelowReorderPointSchema,
    part.tenantId,
    part.id,
    {
      partId: part.id,
      storeroomId: level.storeroomId,
      sku: part.sku,
      name: part.name,
      onHand: numericText(level.onHand),
      reorderPoint: numericText(level.reorderPoint),
      minimum: numericText(level.minimum),
      preferredVendorId: part.preferredVendorId ?? '',
      occurredAt: timestamp(at),
      available: available(level),
    },
    at,
  );
}
