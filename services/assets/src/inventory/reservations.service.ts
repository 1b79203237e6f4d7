import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { isUuid } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { formatDecimal, fromNumeric, isDecimalString, minScaled, parseDecimal, type Scaled } from '../common/decimal.util';
import { Location } from '../locations/location.entity';
import { Part, Reservation } from './inventory.entities';
import { StockLedger } from './stock-ledger.service';

export interface ReservationLine {
  lineId: string;
  partId: string;
  storeroomId: string;
  quantity: string;
}

export interface UsedPartLine extends ReservationLine {
  unitCost: string;
}

export interface IssueSummary {
  issued: number;
  short: number;
  skipped: number;
}

interface IssueRow {
  quantity_issued: string;
  quantity_short: string;
}

/**
 * Reservations of stock for open work orders and the issue of parts used on completion, driven by
 * work-order events. Business failures are recorded, never thrown: a reservation that cannot be
 * satisfied is recorded short, a part that is not in stock is issued as far as it goes.
 */
@Injectable()
export class ReservationsService {
  private readonly logger = new Logger(ReservationsService.name);

  constructor(@Inject(StockLedger) private readonly ledger: StockLedger) {}

  /** Makes the work order's active reservations exactly `lines`. */
  async replace(manager: EntityManager, tenantId: string, workOrderId: string, lines: readonly ReservationLine[], actor: string): Promise<void> {
    const alreadyIssued = await manager.query(`select 1 from work_order_part_issues where tenant_id = $1 and work_order_id = $2 limit 1`, [tenantId, workOrderId]);
    if (alreadyIssued.length > 0) {
      this.logger.warn({ workOrderId }, 'reservation request for a work order whose parts were already issued: ignored');
      return;
    }
    const wanted = new Map(lines.filter((line) => this.valid(line, workOrderId)).map((line) => [line.lineId, line]));
    const existing = await manager.find(Reservation, { where: { tenantId, workOrderId, status: 'active' }, lock: { mode: 'pessimistic_write' } });
    for (const reservation of existing) {
      const line = wanted.get(reservation.lineId);
      const same =
        line !== undefined &&
        line.partId === reservation.partId &&
        line.storeroomId === reservation.storeroomId &&
        parseDecimal(line.quantity) === fromNumeric(reservation.quantityRequested);
      if (same) wanted.delete(reservation.lineId);
      else await this.release(manager, tenantId, reservation, 'released', actor, 'reservation changed');
    }
    for (const line of wanted.values()) await this.reserve(manager, tenantId, workOrderId, line, actor);
  }

  /** Releases every active reservation of the work order (cancelled, or left over after completion). */
  async releaseAll(manager: EntityManager, tenantId: string, workOrderId: string, actor: string, reason: string): Promise<number> {
    const active = await manager.find(Reservation, { where: { tenantId, workOrderId, status: 'active' }, lock: { mode: 'pessimistic_write' } });
    for (const reservation of active) await this.release(manager, tenantId, reservation, 'released', actor, reason);
    return active.length;
  }

  /**
   * Issues the parts used on a completed work order, exactly once per work-order line: what was
   * already issued (or found short) for a line is not issued again when a reopened work order is
   * completed again. The line's reservation is consumed; other reservations are released.
   */
  async issueForWorkOrder(
    manager: EntityManager,
    tenantId: string,
    workOrder: { id: string; number: string; assetId: string | null },
    parts: readonly UsedPartLine[],
    actor: string,
  ): Promise<IssueSummary> {
    const summary: IssueSummary = { issued: 0, short: 0, skipped: 0 };
    for (const line of parts) {
      if (!this.valid(line, workOrder.id)) {
        summary.skipped += 1;
        continue;
      }
      const part = await manager.findOneBy(Part, { id: line.partId, tenantId });
      const storeroom = await manager.findOneBy(Location, { id: line.storeroomId, tenantId, isStoreroom: true });
      if (!part || !storeroom) {
        this.logger.warn({ workOrderId: workOrder.id, lineId: line.lineId }, 'used part or storeroom unknown: not issued');
        summary.skipped += 1;
        continue;
      }
      const [previous]: IssueRow[] = await manager.query(
        `select quantity_issued::text, quantity_short::text from work_order_part_issues
          where tenant_id = $1 and work_order_id = $2 and line_id = $3 for update`,
        [tenantId, workOrder.id, line.lineId],
      );
      const accounted = previous ? fromNumeric(previous.quantity_issued) + fromNumeric(previous.quantity_short) : 0n;
      const toIssue = parseDecimal(line.quantity) - accounted;
      const reservation = await manager.findOne(Reservation, {
        where: { tenantId, workOrderId: workOrder.id, lineId: line.lineId, status: 'active' },
        lock: { mode: 'pessimistic_write' },
      });
      const reservedForLine = reservation && reservation.partId === part.id && reservation.storeroomId === storeroom.id ? fromNumeric(reservation.quantityReserved) : 0n;
      let issued: Scaled = 0n;
      let short: Scaled = 0n;
      if (toIssue > 0n || reservedForLine > 0n) {
        const level = await this.ledger.lockLevel(manager, tenantId, part.id, storeroom.id);
        issued = toIssue > 0n ? minScaled(toIssue, fromNumeric(level.onHand)) : 0n;
        short = toIssue > 0n ? toIssue - issued : 0n;
        if (issued > 0n || reservedForLine > 0n) {
          await this.ledger.move(manager, {
            tenantId,
            part,
            storeroomId: storeroom.id,
            kind: 'issue',
            quantity: -issued,
            reservedChange: -reservedForLine,
            unitCost: isDecimalString(line.unitCost) ? line.unitCost : null,
            workOrderId: workOrder.id,
            assetId: workOrder.assetId,
            reason: `work order ${workOrder.number || workOrder.id} completed${short > 0n ? ` (short ${formatDecimal(short)})` : ''}`,
            actor,
          });
        }
      }
      if (reservation && reservedForLine > 0n) {
        await manager.update(Reservation, { id: reservation.id, tenantId }, { status: 'consumed', updatedAt: new Date() });
      } else if (reservation) {
        await this.release(manager, tenantId, reservation, 'consumed', actor, 'work order completed');
      }
      await manager.query(
        `insert into work_order_part_issues (tenant_id, work_order_id, line_id, part_id, storeroom_id, quantity_issued, quantity_short, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, now())
         on conflict (tenant_id, work_order_id, line_id) do update
           set quantity_issued = work_order_part_issues.quantity_issued + excluded.quantity_issued,
               quantity_short = work_order_part_issues.quantity_short + excluded.quantity_short,
               updated_at = now()`,
        [tenantId, workOrder.id, line.lineId, part.id, storeroom.id, formatDecimal(issued), formatDecimal(short)],
      );
      if (issued > 0n) summary.issued += 1;
      if (short > 0n) summary.short += 1;
    }
    await this.releaseAll(manager, tenantId, workOrder.id, actor, 'work order completed');
    return summary;
  }

  private async reserve(manager: EntityManager, tenantId: string, workOrderId: string, line: ReservationLine, actor: string): Promise<void> {
    const part = await manager.findOneBy(Part, { id: line.partId, tenantId });
    const storeroom = await manager.findOneBy(Location, { id: line.storeroomId, tenantId, isStoreroom: true });
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
    await manager.insert(Reservation, {
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
    });
  }

  private async release(manager: EntityManager, tenantId: string, reservation: Reservation, status: 'released' | 'consumed', actor: string, reason: string): Promise<void> {
    const amount = fromNumeric(reservation.quantityReserved);
    if (amount > 0n) {
      const part = await manager.findOneByOrFail(Part, { id: reservation.partId, tenantId });
      await this.ledger.move(manager, {
        tenantId,
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
    await manager.update(Reservation, { id: reservation.id, tenantId }, { status, updatedAt: new Date() });
  }

  private valid(line: ReservationLine, workOrderId: string): boolean {
    if (isDecimalString(line.quantity) && parseDecimal(line.quantity) > 0n && line.lineId.length > 0 && isUuid(line.partId) && isUuid(line.storeroomId)) return true;
    this.logger.warn({ workOrderId, lineId: line.lineId }, 'part line with an invalid part, storeroom or quantity: ignored');
    return false;
  }
}
