import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatDecimal, fromNumeric, isDecimalString, minScaled, parseDecimal, type Scaled } from '../../common/decimal.util';
import { LocationRepository } from '../../locations';
import type { Part, Reservation } from '../inventory.entities';
import { PartRepository } from '../part.repository';
import { ReservationRepository, type LineIssue } from '../reservation.repository';
import { ReservationsService, type UsedPartLine } from '../reservations.service';
import { StockLedger } from '../stock-ledger';

export interface IssueSummary {
  issued: number;
  short: number;
  skipped: number;
}

/** The completed work order the parts were used on. */
export interface CompletedWorkOrder {
  id: string;
  number: string;
  assetId: string | null;
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
 * Lines that used less than they reserved first: the rest of their reservation becomes available
 * to the lines of this work order that used more than they reserved.
 */
function inIssueOrder(plans: readonly IssuePlan[]): IssuePlan[] {
  return plans
    .map((plan, index) => ({ plan, index, need: plan.toIssue - plan.reservedForLine }))
    .sort((a, b) => (a.need < b.need ? -1 : a.need > b.need ? 1 : a.index - b.index))
    .map(({ plan }) => plan);
}

/**
 * Issues the parts used on a completed work order, exactly once per work-order line: what was
 * already issued (or found short) for a line is not issued again when a reopened work order is
 * completed again. A line takes its own reservation first, then only available stock (on hand
 * minus what is reserved for other work orders); the rest is recorded as short, so reserved never
 * exceeds on hand. The line's reservation is consumed; the work order's other reservations are
 * released first, so what they held is available to its lines that used more than they reserved.
 * Business failures (unknown part, short stock) are recorded or logged, never thrown.
 */
@Injectable()
export class IssueWorkOrderParts {
  private readonly logger = new Logger(IssueWorkOrderParts.name);

  constructor(
    @Inject(ReservationRepository) private readonly reservationRepository: ReservationRepository,
    @Inject(ReservationsService) private readonly reservations: ReservationsService,
    @Inject(PartRepository) private readonly parts: PartRepository,
    @Inject(LocationRepository) private readonly locations: LocationRepository,
    @Inject(StockLedger) private readonly ledger: StockLedger,
  ) {}

  async execute(manager: EntityManager, tenantId: string, workOrder: CompletedWorkOrder, used: readonly UsedPartLine[], actor: string): Promise<IssueSummary> {
    const summary: IssueSummary = { issued: 0, short: 0, skipped: 0 };
    const active = await this.reservationRepository.activeForUpdate(manager, tenantId, workOrder.id);
    const plans = await this.plan(manager, tenantId, workOrder, used, active, summary);
    await this.lockLevels(manager, tenantId, plans, active);
    await this.releaseUnconsumed(manager, plans, active, actor);
    for (const plan of inIssueOrder(plans)) {
      const issue = await this.issueLine(manager, tenantId, workOrder, plan, actor);
      if (issue.issued > 0n) summary.issued += 1;
      if (issue.short > 0n) summary.short += 1;
    }
    return summary;
  }

  /** Reads what each valid line (the first of a line id) still needs, and skips the others. */
  private async plan(
    manager: EntityManager,
    tenantId: string,
    workOrder: CompletedWorkOrder,
    used: readonly UsedPartLine[],
    active: readonly Reservation[],
    summary: IssueSummary,
  ): Promise<IssuePlan[]> {
    const plans: IssuePlan[] = [];
    const seen = new Set<string>();
    for (const line of used) {
      if (!this.reservations.isValidLine(line, workOrder.id)) {
        summary.skipped += 1;
        continue;
      }
      if (seen.has(line.lineId)) {
        this.logger.warn({ workOrderId: workOrder.id, lineId: line.lineId }, 'work-order line listed twice among the parts used: the first counts');
        summary.skipped += 1;
        continue;
      }
      seen.add(line.lineId);
      const part = await this.parts.findById(manager, tenantId, line.partId);
      const storeroom = await this.locations.findStoreroom(manager, tenantId, line.storeroomId);
      if (!part || !storeroom) {
        this.logger.warn({ workOrderId: workOrder.id, lineId: line.lineId }, 'used part or storeroom unknown: not issued');
        summary.skipped += 1;
        continue;
      }
      const before = await this.reservationRepository.lineIssueForUpdate(manager, tenantId, workOrder.id, line.lineId);
      const reservation = active.find((r) => r.lineId === line.lineId) ?? null;
      const matches = reservation !== null && reservation.partId === part.id && reservation.storeroomId === storeroom.id;
      plans.push({
        line,
        part,
        storeroomId: storeroom.id,
        toIssue: parseDecimal(line.quantity) - (before.issued + before.short),
        reservation,
        reservedForLine: matches ? fromNumeric(reservation.quantityReserved) : 0n,
      });
    }
    return plans;
  }

  /**
   * Locks every stock level this completion touches in one fixed order (as transfers do), so two
   * completions cannot deadlock on each other's levels.
   */
  private async lockLevels(manager: EntityManager, tenantId: string, plans: readonly IssuePlan[], active: readonly Reservation[]): Promise<void> {
    const levelKeys = new Set<string>();
    for (const plan of plans) if (plan.toIssue > 0n || plan.reservedForLine > 0n) levelKeys.add(`${plan.part.id}/${plan.storeroomId}`);
    for (const reservation of active) if (fromNumeric(reservation.quantityReserved) > 0n) levelKeys.add(`${reservation.partId}/${reservation.storeroomId}`);
    for (const key of [...levelKeys].sort()) {
      const [partId, storeroomId] = key.split('/');
      await this.ledger.lockLevel(manager, tenantId, partId, storeroomId);
    }
  }

  /** Reservations no line consumes go back first: what they held is available to the lines. */
  private async releaseUnconsumed(manager: EntityManager, plans: readonly IssuePlan[], active: readonly Reservation[], actor: string): Promise<void> {
    const consumedBy = new Set(plans.filter((plan) => plan.reservedForLine > 0n).map((plan) => plan.reservation?.id));
    for (const reservation of active) {
      if (consumedBy.has(reservation.id)) continue;
      // A used line whose reservation named another part or storeroom: that reservation is over.
      const usedLine = plans.some((plan) => plan.reservation?.id === reservation.id);
      await this.reservations.release(manager, reservation, usedLine ? 'consumed' : 'released', actor, 'work order completed');
    }
  }

  /** Issues one line: its own reservation plus what is not reserved for anyone else, never more than on hand. */
  private async issueLine(manager: EntityManager, tenantId: string, workOrder: CompletedWorkOrder, plan: IssuePlan, actor: string): Promise<LineIssue> {
    const { line, part, storeroomId, toIssue, reservation, reservedForLine } = plan;
    let issued: Scaled = 0n;
    let short: Scaled = 0n;
    if (toIssue > 0n || reservedForLine > 0n) {
      const level = await this.ledger.lockLevel(manager, tenantId, part.id, storeroomId);
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
    if (reservation && reservedForLine > 0n) await this.reservationRepository.setStatus(manager, reservation, 'consumed');
    const issue = { issued, short };
    await this.reservationRepository.addLineIssue(manager, tenantId, { workOrderId: workOrder.id, lineId: line.lineId, partId: part.id, storeroomId }, issue);
    return issue;
  }
}
