import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { isUuid } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { formatDecimal, fromNumeric, isDecimalString, minScaled, parseDecimal } from '../common/decimal.util';
import { LocationRepository } from '../locations';
import { Reservation } from './inventory.entities';
import { PartRepository } from './part.repository';
import { ReservationRepository } from './reservation.repository';
import { StockLedger } from './stock-ledger';

export interface ReservationLine {
  lineId: string;
  partId: string;
  storeroomId: string;
  quantity: string;
}

export interface UsedPartLine extends ReservationLine {
  unitCost: string;
}

/**
 * Reservations of stock for open work orders, driven by work-order events (the issue on
 * completion is IssueWorkOrderParts). Business failures are recorded, never thrown: a reservation
 * that cannot be satisfied is recorded short.
 */
@Injectable()
export class ReservationsService {
  private readonly logger = new Logger(ReservationsService.name);

  constructor(
    @Inject(StockLedger) private readonly ledger: StockLedger,
    @Inject(ReservationRepository) private readonly repository: ReservationRepository,
    @Inject(PartRepository) private readonly parts: PartRepository,
    @Inject(LocationRepository) private readonly locations: LocationRepository,
  ) {}

  /** Makes the work order's active reservations exactly `lines`. */
  async replace(manager: EntityManager, tenantId: string, workOrderId: string, lines: readonly ReservationLine[], actor: string): Promise<void> {
    if (await this.repository.anyIssued(manager, tenantId, workOrderId)) {
      this.logger.warn({ workOrderId }, 'reservation request for a work order whose parts were already issued: ignored');
      return;
    }
    const wanted = new Map(lines.filter((line) => this.isValidLine(line, workOrderId)).map((line) => [line.lineId, line]));
    const existing = await this.repository.activeForUpdate(manager, tenantId, workOrderId);
    for (const reservation of existing) {
      const line = wanted.get(reservation.lineId);
      const same =
        line !== undefined &&
        line.partId === reservation.partId &&
        line.storeroomId === reservation.storeroomId &&
        parseDecimal(line.quantity) === fromNumeric(reservation.quantityRequested);
      if (same) wanted.delete(reservation.lineId);
      else await this.release(manager, reservation, 'released', actor, 'reservation changed');
    }
    for (const line of wanted.values()) await this.reserve(manager, tenantId, workOrderId, line, actor);
  }

  /** Releases every active reservation of the work order (cancelled, or left over after completion). */
  async releaseAll(manager: EntityManager, tenantId: string, workOrderId: string, actor: string, reason: string): Promise<number> {
    const active = await this.repository.activeForUpdate(manager, tenantId, workOrderId);
    for (const reservation of active) await this.release(manager, reservation, 'released', actor, reason);
    return active.length;
  }

  /** Ends a reservation: what it held goes back to available stock (a ledger line), and its status is set. */
  async release(manager: EntityManager, reservation: Reservation, status: 'released' | 'consumed', actor: string, reason: string): Promise<void> {
    const amount = fromNumeric(reservation.quantityReserved);
    if (amount > 0n) {
      const part = await this.ledger.requirePart(manager, reservation.tenantId, reservation.partId);
      await this.ledger.move(manager, {
        tenantId: reservation.tenantId,
        part,
        storeroomId: reservation.storeroomId,
        kind: 'reservation_release',
        quantity: 0n,
        reservedChange: -amount,
        workOrderId: reservation.workOrderId,
        reason,
        actor,
      });
    }
    await this.repository.setStatus(manager, reservation, status);
  }

  /** A part line with a positive quantity of a part and storeroom named by uuid; anything else is logged and ignored. */
  isValidLine(line: ReservationLine, workOrderId: string): boolean {
    if (isDecimalString(line.quantity) && parseDecimal(line.quantity) > 0n && line.lineId.length > 0 && isUuid(line.partId) && isUuid(line.storeroomId)) return true;
    this.logger.warn({ workOrderId, lineId: line.lineId }, 'part line with an invalid part, storeroom or quantity: ignored');
    return false;
  }

  private async reserve(manager: EntityManager, tenantId: string, workOrderId: string, line: ReservationLine, actor: string): Promise<void> {
    const part = await this.parts.findById(manager, tenantId, line.partId);
    const storeroom = await this.locations.findStoreroom(manager, tenantId, line.storeroomId);
    if (!part || !storeroom) {
      this.logger.warn({ workOrderId, lineId: line.lineId }, 'reservation for an unknown part or storeroom: not recorded');
      return;
    }
    const requested = parseDecimal(line.quantity);
    const level = await this.ledger.lockLevel(manager, tenantId, part.id, storeroom.id);
    const available = fromNumeric(level.onHand) - fromNumeric(level.reserved);
    const reserved = minScaled(requested, available > 0n ? available : 0n);
    if (reserved > 0n) {
      await this.ledger.move(manager, {
        tenantId,
        part,
        storeroomId: storeroom.id,
        kind: 'reservation',
        quantity: 0n,
        reservedChange: reserved,
        workOrderId,
        reason: reserved < requested ? `reserved ${formatDecimal(reserved)} of ${formatDecimal(requested)} (short)` : 'reserved for work order',
        actor,
      });
    }
    const now = new Date();
    await this.repository.insert(
      manager,
      Object.assign(new Reservation(), {
        id: randomUUID(),
        tenantId,
        workOrderId,
        lineId: line.lineId,
        partId: part.id,
        storeroomId: storeroom.id,
        quantityRequested: formatDecimal(requested),
        quantityReserved: formatDecimal(reserved),
        status: 'active',
        createdAt: now,
        updatedAt: now,
      }),
    );
  }
}
