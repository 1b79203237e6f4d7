import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { OutboundEvent } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import { formatDecimal, fromNumeric, type Scaled } from '../common/decimal.util';
import { EventPublisher } from '../common/event-publisher';
import type { Location } from '../locations';
import { LocationRepository } from '../locations';
import { StockMovement, type MovementKind, type Part, type StockLevel } from './inventory.entities';
import { partBelowReorderPoint, partStockChanged } from './inventory.events';
import { InventoryException, InventoryExceptionCode } from './inventory.exception';
import { PartRepository } from './part.repository';
import { StockRepository } from './stock.repository';

export interface MovementRequest {
  tenantId: string;
  part: Part;
  storeroomId: string;
  kind: MovementKind;
  /** Change of on hand. */
  quantity: Scaled;
  /** Change of reserved. */
  reservedChange?: Scaled;
  /** Refuse (409) to take stock that is reserved for others: on hand must stay ≥ reserved. */
  respectReservations?: boolean;
  unitCost?: string | null;
  workOrderId?: string | null;
  assetId?: string | null;
  purchaseOrderId?: string | null;
  transferId?: string | null;
  reason?: string | null;
  actor: string;
}

export interface MovementResult {
  movement: StockMovement;
  level: StockLevel;
}

/**
 * The only writer of stock: every change is a ledger line (append-only) and a locked update of the
 * stock level, in the caller's transaction, with its events. On hand never goes below zero (409);
 * crossing below the reorder point emits PartBelowReorderPoint once, re-armed when stock is back.
 */
@Injectable()
export class StockLedger {
  constructor(
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(StockRepository) private readonly stock: StockRepository,
    @Inject(PartRepository) private readonly parts: PartRepository,
    @Inject(LocationRepository) private readonly locations: LocationRepository,
  ) {}

  async requireStoreroom(manager: EntityManager, tenantId: string, id: string): Promise<Location> {
    const storeroom = await this.locations.findStoreroom(manager, tenantId, id);
    if (!storeroom) throw new InventoryException(InventoryExceptionCode.STOREROOM_NOT_FOUND, `storeroom ${id} not found`);
    return storeroom;
  }

  async requirePart(manager: EntityManager, tenantId: string, id: string, lock = false): Promise<Part> {
    const part = await this.parts.findById(manager, tenantId, id, lock);
    if (!part) throw new InventoryException(InventoryExceptionCode.PART_NOT_FOUND, `part ${id} not found`);
    return part;
  }

  /** The stock level row, created at zero if missing, locked for the rest of the transaction. */
  lockLevel(manager: EntityManager, tenantId: string, partId: string, storeroomId: string): Promise<StockLevel> {
    return this.stock.lockLevel(manager, tenantId, partId, storeroomId);
  }

  async move(manager: EntityManager, request: MovementRequest): Promise<MovementResult> {
    const { tenantId, part, storeroomId } = request;
    const level = await this.lockLevel(manager, tenantId, part.id, storeroomId);
    const onHand = fromNumeric(level.onHand) + request.quantity;
    const reserved = fromNumeric(level.reserved) + (request.reservedChange ?? 0n);
    if (onHand < 0n) {
      throw new InventoryException(
        InventoryExceptionCode.INSUFFICIENT_STOCK,
        `not enough ${part.sku} in the storeroom: ${formatDecimal(fromNumeric(level.onHand))} on hand, ${formatDecimal(-request.quantity)} requested; stock never goes negative`,
      );
    }
    if (request.respectReservations && request.quantity < 0n && onHand < reserved) {
      const available = fromNumeric(level.onHand) - fromNumeric(level.reserved);
      throw new InventoryException(
        InventoryExceptionCode.INSUFFICIENT_STOCK,
        `only ${formatDecimal(available < 0n ? 0n : available)} ${part.sku} available (${formatDecimal(fromNumeric(level.onHand))} on hand, ${formatDecimal(fromNumeric(level.reserved))} reserved for work orders)`,
      );
    }
    if (reserved < 0n) throw new Error(`reserved stock of ${part.id} would go negative`);

    const now = new Date();
    const movement = Object.assign(new StockMovement(), {
      id: randomUUID(),
      tenantId,
      partId: part.id,
      storeroomId,
      kind: request.kind,
      quantity: formatDecimal(request.quantity),
      reservedChange: formatDecimal(request.reservedChange ?? 0n),
      onHandAfter: formatDecimal(onHand),
      reservedAfter: formatDecimal(reserved),
      unitCost: request.unitCost ?? null,
      workOrderId: request.workOrderId ?? null,
      assetId: request.assetId ?? null,
      purchaseOrderId: request.purchaseOrderId ?? null,
      transferId: request.transferId ?? null,
      reason: request.reason ?? null,
      actor: request.actor,
      occurredAt: now,
    });
    await this.stock.appendMovement(manager, movement);

    level.onHand = formatDecimal(onHand);
    level.reserved = formatDecimal(reserved);
    const events: OutboundEvent[] = [partStockChanged(part, level, movement)];
    const below = this.isBelow(level);
    if (below && !level.belowReorderPoint) events.push(partBelowReorderPoint(part, level, now));
    level.belowReorderPoint = below;
    level.version += 1;
    level.updatedAt = now;
    await this.stock.updateLevel(manager, level);
    await this.events.publish(manager, events);
    return { movement, level };
  }

  /** Sets minimum and reorder point; raising the point above on hand is a crossing too. */
  async setLevels(manager: EntityManager, tenantId: string, part: Part, storeroomId: string, minimum: string, reorderPoint: string): Promise<StockLevel> {
    const level = await this.lockLevel(manager, tenantId, part.id, storeroomId);
    level.minimum = minimum;
    level.reorderPoint = reorderPoint;
    const below = this.isBelow(level);
    const events = below && !level.belowReorderPoint ? [partBelowReorderPoint(part, level, new Date())] : [];
    level.belowReorderPoint = below;
    level.version += 1;
    level.updatedAt = new Date();
    await this.stock.updateLevel(manager, level);
    await this.events.publish(manager, events);
    return level;
  }

  private isBelow(level: StockLevel): boolean {
    const point = fromNumeric(level.reorderPoint);
    return point > 0n && fromNumeric(level.onHand) < point;
  }
}
