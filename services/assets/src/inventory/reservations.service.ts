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

/** One used line of a completion, read and locked before anything is moved. */
interface IssuePlan {
  line: UsedPartLine;
  part: Part;
  storeroomId: string;
  /** What the line still needs issued (used minus what was issued or found short before). */
  toIssue: Scaled;
  /** The line's active reservation, if any. */
  reservation: Reservation | null;
  /** What that reservation holds, if it is for the line's part and storeroom (else 0). */
  reservedForLine: Scaled;
}

/**
 * Reservations of stock for open work orders and the issue of parts used on completion, driven by
 * work-order events. Business failures are recorded, never thrown: a reservation that cannot be
 * satisfied is recorded short, a part that is not available is issued as far as it goes (never
 * taking stock reserved for another work order) and the rest recorded short.
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
   * completed again. A line takes its own reservation first, then only available stock (on hand
   * minus what is reserved for other work orders); the rest is recorded as short, so reserved never
   * exceeds on hand. The line's reservation is consumed; the work order's other reservations are
   * released first, so what they held is available to its lines that used more than they reserved.
   */
  async issueForWorkOrder(
    manager: EntityManager,
    tenantId: string,
    workOrder: { id: string; number: string; assetId: string | null },
    parts: readonly UsedPartLine[],
    actor: string,
  ): Promise<IssueSummary> {
    const summary: IssueSummary = { issued: 0, short: 0, skipped: 0 };
    const active = await manager.find(Reservation, {
      where: { tenantId, workOrderId: workOrder.id, status: 'active' },
      order: { createdAt: 'ASC', id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const plans: IssuePlan[] = [];
    const seen = new Set<string>();
    for (const line of parts) {
      if (!this.valid(line, workOrder.id)) {
        summary.skipped += 1;
        continue;
      }
      if (seen.has(line.lineId)) {
        this.logger.warn({ workOrderId: workOrder.id, lineId: line.lineId }, 'work-order line listed twice among the parts used: the first counts');
        summary.skipped += 1;
        continue;
      }
      seen.add(line.lineId);
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
      const reservation = active.find((r) => r.lineId === line.lineId) ?? null;
      const matches = reservation !== null && reservation.partId === part.id && reservation.storeroomId === storeroom.id;
      plans.push({
        line,
        part,
        storeroomId: storeroom.id,
        toIssue: parseDecimal(line.quantity) - accounted,
        reservation,
        reservedForLine: matches ? fromNumeric(reservation.quantityReserved) : 0n,
      });
    }

    // Lock every stock level this completion touches in one fixed order (as transfers do), so two
    // completions cannot deadlock on each other's levels.
    const levelKeys = new Set<string>();
    for (const plan of plans) if (plan.toIssue > 0n || plan.reservedForLine > 0n) levelKeys.add(`${plan.part.id}/${plan.storeroomId}`);
    for (const reservation of active) if (fromNumeric(reservation.quantityReserved) > 0n) levelKeys.add(`${reservation.partId}/${reservation.storeroomId}`);
    for (const key of [...levelKeys].sort()) {
      const [partId, storeroomId] = key.split('/');
      await this.ledger.lockLevel(manager, tenantId, partId, storeroomId);
    }

    // Reservations no line consumes go back first: what they held is available to the lines below.
    const consumedBy = new Set(plans.filter((plan) => plan.reservedForLine > 0n).map((plan) => plan.reservation?.id));
    for (const reservation of active) {
      if (consumedBy.has(reservation.id)) continue;
      // A used line whose reservation named another part or storeroom: that reservation is over.
      const usedLine = plans.some((plan) => plan.reservation?.id === reservation.id);
      await this.release(manager, tenantId, reservation, usedLine ? 'consumed' : 'released', actor, 'work order completed');
    }

    // Lines that used less than they reserved first: the rest of their reservation becomes
    // available to the lines of this work order that used more than they reserved.
    const ordered = plans
      .map((plan, index) => ({ plan, index }))
      .sort((a, b) => {
        const need = a.plan.toIssue - a.plan.reservedForLine - (b.plan.toIssue - b.plan.reservedForLine);
        return need < 0n ? -1 : need > 0n ? 1 : a.index - b.index;
      });
    for (const { plan } of ordered) {
      const { line, part, storeroomId, toIssue, reservation, reservedForLine } = plan;
      let issued: Scaled = 0n;
      let short: Scaled = 0n;
      if (toIssue > 0n || reservedForLine > 0n) {
        const level = await this.ledger.lockLevel(manager, tenantId, part.id, storeroomId);
        // Own reservation plus what is not reserved for anyone else; never more than on hand.
        const reservedForOthers = fromNumeric(level.reserved) - reservedForLine;
        const issuable = fromNumeric(level.onHand) - (reservedForOthers > 0n ? reservedForOthers : 0n);
        issued = toIssue > 0n ? minScaled(toIssue, issuable > 0n ? issuable : 0n) : 0n;
        short = toIssue > 0n ? toIssue - issued : 0n;
        if (issued > 0n || reservedForLine > 0n) {
          await this.ledger.move(manager, {
            tenantId,
            part,
            storeroomId,
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
      }
      await manager.query(
        `insert into work_order_part_issues (tenant_id, work_order_id, line_id, part_id, storeroom_id, quantity_issued, quantity_short, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, now())
         on conflict (tenant_id, work_order_id, line_id) do update
           set quantity_issued = work_order_part_issues.quantity_issued + excluded.quantity_issued,
               quantity_short = work_order_part_issues.quantity_short + excluded.quantity_short,
               updated_at = now()`,
        [tenantId, workOrder.id, line.lineId, part.id, storeroomId, formatDecimal(issued), formatDecimal(short)],
      );
      if (issued > 0n) summary.issued += 1;
      if (short > 0n) summary.short += 1;
    }
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
