import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@mate/database';
import { EventOutbox } from '@mate/messaging';
import {
  creationOrder,
  KeysetPage,
  mapPage,
  TenantTransactions,
  type CursorPageQuery,
  type Page,
  type Principal,
} from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { normalizeDecimal, compareDecimals } from '../checklists/checklist-rules';
import {
  editsAllWorkOrders,
  invalidField,
  partsReservationEvent,
  WorkOrder,
  WorkOrderException,
  WorkOrderExceptionCode,
  WorkOrdersService,
} from '../work-orders';
import { costTotals, type CostTotals } from './cost-totals';
import type {
  AddOtherCostDto,
  AddPartDto,
  LabourEntryDto,
  LogLabourDto,
  OtherCostDto,
  PartLineDto,
  StartTimerDto,
} from './dtos/labour-and-costs.dtos';
import { LabourEntry, OtherCostEntry, PartLine } from './labour-and-costs.entities';

// Each list in the order its rows were added (as before pagination).
const LABOUR_ORDER = creationOrder('labour', 'l');
const PART_ORDER = creationOrder('parts', 'p');
const COST_ORDER = creationOrder('costs', 'c');

function roundCents(minutes: number, hourlyRate: string): string {
  // Exact: minutes × rate (≤ 4 decimals) in ten-thousandths, / 60, rounded half-up to cents.
  const [int, frac = ''] = hourlyRate.split('.');
  const rateTenThousandths = BigInt(int + frac.padEnd(4, '0'));
  const numerator = BigInt(minutes) * rateTenThousandths; // ten-thousandths × minutes
  const cents = (numerator * 100n + 60n * 10_000n / 2n) / (60n * 10_000n);
  const text = cents.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

export function toLabourDto(entry: LabourEntry): LabourEntryDto {
  const rate = normalizeDecimal(entry.hourlyRate) ?? '0';
  return {
    id: entry.id,
    technicianId: entry.technicianId,
    startedAt: entry.startedAt?.toISOString() ?? null,
    endedAt: entry.endedAt?.toISOString() ?? null,
    minutes: entry.minutes,
    hourlyRate: rate,
    cost: entry.minutes === null ? null : roundCents(entry.minutes, rate),
    running: entry.minutes === null,
    note: entry.note,
  };
}

function multiplyToCents(quantity: string, unitCost: string): string {
  const scale = (value: string) => {
    const [int, frac = ''] = value.split('.');
    return BigInt(int + frac.padEnd(4, '0'));
  };
  const product = scale(quantity) * scale(unitCost); // 10^-8
  const cents = (product + 500_000n) / 1_000_000n;
  const text = cents.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

export function toPartDto(line: PartLine): PartLineDto {
  const quantity = normalizeDecimal(line.quantity) ?? '0';
  const unitCost = normalizeDecimal(line.unitCost) ?? '0';
  return {
    id: line.id,
    partId: line.partId,
    storeroomId: line.storeroomId,
    quantity,
    unitCost,
    totalCost: multiplyToCents(quantity, unitCost),
    issuedAt: line.issuedAt?.toISOString() ?? null,
  };
}

/**
 * An issued line's parts left the stock when the work order completed. Deleting it (or changing
 * its quantity) after a reopen would not put them back, and the cost history would no longer
 * match the stock ledger: the line stays as issued. Negative (return) lines are not supported;
 * parts that come back go into stock through the assets service.
 */
export function assertNotIssued(line: PartLine): void {
  if (line.issuedAt === null) return;
  throw new WorkOrderException(
    WorkOrderExceptionCode.PART_LINE_ISSUED,
    `part line ${line.id} was issued from stock at ${line.issuedAt.toISOString()} and cannot be deleted or changed; ` +
      'record returned parts as a receipt or adjustment in the assets service',
  );
}

export function toOtherCostDto(cost: OtherCostEntry): OtherCostDto {
  const [int, frac = ''] = cost.amount.split('.');
  return { id: cost.id, description: cost.description, category: cost.category, amount: `${int}.${frac.padEnd(2, '0').slice(0, 2)}` };
}

export { roundCents, multiplyToCents };

/** Time entries (timer or duration, with a rate), parts and other costs of a work order. */
@Injectable()
export class LabourAndCostsService {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(WorkOrdersService) private readonly workOrders: WorkOrdersService,
  ) {}

  /** Technicians log their own time only; planners and admins anyone's. */
  private technicianFor(principal: Principal, requested: string | undefined): string {
    const technicianId = requested ?? principal.subject;
    if (technicianId !== principal.subject && !editsAllWorkOrders(principal)) {
      throw new WorkOrderException(WorkOrderExceptionCode.FORBIDDEN, 'technicianId: technicians log only their own time');
    }
    return technicianId;
  }

  private async editable(manager: EntityManager, principal: Principal, id: string): Promise<WorkOrder> {
    const workOrder = await this.workOrders.loadEditable(manager, principal, id);
    this.workOrders.assertActive(workOrder);
    return workOrder;
  }

  async labour(principal: Principal, id: string, query: CursorPageQuery): Promise<Page<LabourEntryDto>> {
    return this.transactions.run(principal, async (manager) => {
      await this.workOrders.loadVisible(manager, principal, id);
      const qb = manager
        .createQueryBuilder(LabourEntry, 'l')
        .where('l.tenant_id = :tenantId and l.work_order_id = :id', { tenantId: principal.tenantId, id });
      return mapPage(await new KeysetPage(LABOUR_ORDER, query).fetch(qb), toLabourDto);
    });
  }

  async logLabour(principal: Principal, id: string, dto: LogLabourDto): Promise<LabourEntryDto> {
    const technicianId = this.technicianFor(principal, dto.technicianId);
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.editable(manager, principal, id);
      const startedAt = dto.startedAt ? new Date(dto.startedAt) : null;
      const entry = manager.create(LabourEntry, {
        id: randomUUID(),
        tenantId: workOrder.tenantId,
        workOrderId: id,
        technicianId,
        startedAt,
        endedAt: startedAt ? new Date(startedAt.getTime() + dto.minutes * 60_000) : null,
        minutes: dto.minutes,
        hourlyRate: dto.hourlyRate,
        note: dto.note ?? null,
        createdBy: principal.subject,
        createdAt: new Date(),
      });
      await manager.insert(LabourEntry, entry);
      await this.workOrders.touch(manager, workOrder, { response: true });
      return toLabourDto(entry);
    });
  }

  async startTimer(principal: Principal, id: string, dto: StartTimerDto): Promise<LabourEntryDto> {
    const technicianId = this.technicianFor(principal, dto.technicianId);
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.editable(manager, principal, id);
      const alreadyRunning = await manager.query(
        `select 1 from labour_entries where tenant_id = $1 and work_order_id = $2 and technician_id = $3 and minutes is null`,
        [workOrder.tenantId, id, technicianId],
      );
      if ((alreadyRunning as unknown[]).length > 0) {
        throw new WorkOrderException(WorkOrderExceptionCode.TIMER_CONFLICT, 'a timer is already running for this technician');
      }
      const now = new Date();
      const entry = manager.create(LabourEntry, {
        id: randomUUID(),
        tenantId: workOrder.tenantId,
        workOrderId: id,
        technicianId,
        startedAt: now,
        endedAt: null,
        minutes: null,
        hourlyRate: dto.hourlyRate,
        note: dto.note ?? null,
        createdBy: principal.subject,
        createdAt: now,
      });
      try {
        await manager.insert(LabourEntry, entry);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new WorkOrderException(WorkOrderExceptionCode.TIMER_CONFLICT, 'a timer is already running for this technician');
        }
        throw error;
      }
      await this.workOrders.touch(manager, workOrder, { response: true });
      return toLabourDto(entry);
    });
  }

  async stopTimer(principal: Principal, id: string, requestedTechnician: string | undefined): Promise<LabourEntryDto> {
    const technicianId = this.technicianFor(principal, requestedTechnician);
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.editable(manager, principal, id);
      const rows: Array<{ id: string }> = await manager.query(
        `update labour_entries
            set ended_at = $4, minutes = greatest(0, round(extract(epoch from ($4::timestamptz - started_at)) / 60))::int
          where tenant_id = $1 and work_order_id = $2 and technician_id = $3 and minutes is null
          returning id`,
        [workOrder.tenantId, id, technicianId, new Date().toISOString()],
      );
      // node-postgres answers an UPDATE … RETURNING through TypeORM as [rows, count].
      const updated = Array.isArray(rows[0]) ? (rows[0] as Array<{ id: string }>) : rows;
      if (updated.length === 0) {
        throw new WorkOrderException(WorkOrderExceptionCode.TIMER_CONFLICT, 'no timer is running for this technician');
      }
      await this.workOrders.touch(manager, workOrder);
      return toLabourDto(await manager.findOneByOrFail(LabourEntry, { id: updated[0].id, tenantId: workOrder.tenantId }));
    });
  }

  async deleteLabour(principal: Principal, id: string, entryId: string): Promise<void> {
    await this.transactions.run(principal, async (manager) => {
      const workOrder = await this.editable(manager, principal, id);
      const entry = await manager.findOneBy(LabourEntry, { id: entryId, tenantId: workOrder.tenantId, workOrderId: id });
      if (!entry) throw new WorkOrderException(WorkOrderExceptionCode.ITEM_NOT_FOUND, 'time entry not found');
      this.technicianFor(principal, entry.technicianId);
      await manager.delete(LabourEntry, { id: entryId, tenantId: workOrder.tenantId });
      await this.workOrders.touch(manager, workOrder);
    });
  }

  async parts(principal: Principal, id: string, query: CursorPageQuery): Promise<Page<PartLineDto>> {
    return this.transactions.run(principal, async (manager) => {
      await this.workOrders.loadVisible(manager, principal, id);
      const qb = manager
        .createQueryBuilder(PartLine, 'p')
        .where('p.tenant_id = :tenantId and p.work_order_id = :id', { tenantId: principal.tenantId, id });
      return mapPage(await new KeysetPage(PART_ORDER, query).fetch(qb), toPartDto);
    });
  }

  /** Adding or removing parts on an assigned work order asks the assets service to reserve the new set. */
  async addPart(principal: Principal, id: string, dto: AddPartDto): Promise<PartLineDto> {
    if (compareDecimals(dto.quantity, '0') <= 0) throw invalidField('quantity', 'must be greater than 0');
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.editable(manager, principal, id);
      const line = manager.create(PartLine, {
        id: randomUUID(),
        tenantId: workOrder.tenantId,
        workOrderId: id,
        partId: dto.partId,
        storeroomId: dto.storeroomId,
        quantity: dto.quantity,
        unitCost: dto.unitCost,
        issuedAt: null,
        createdBy: principal.subject,
        createdAt: new Date(),
      });
      await manager.insert(PartLine, line);
      await this.workOrders.touch(manager, workOrder, { response: true });
      const reservation = await partsReservationEvent(manager, workOrder, principal.subject);
      if (reservation) await this.outbox.append(manager, [reservation]);
      return toPartDto(line);
    });
  }

  async deletePart(principal: Principal, id: string, lineId: string): Promise<void> {
    await this.transactions.run(principal, async (manager) => {
      // The work order's row lock (taken by editable) orders this after a concurrent completion,
      // so issued_at is current here.
      const workOrder = await this.editable(manager, principal, id);
      const line = await manager.findOneBy(PartLine, { id: lineId, tenantId: workOrder.tenantId, workOrderId: id });
      if (!line) throw new WorkOrderException(WorkOrderExceptionCode.ITEM_NOT_FOUND, 'part line not found');
      assertNotIssued(line);
      await manager.delete(PartLine, { id: lineId, tenantId: workOrder.tenantId });
      await this.workOrders.touch(manager, workOrder);
      const reservation = await partsReservationEvent(manager, workOrder, principal.subject, { evenWhenEmpty: true });
      if (reservation) await this.outbox.append(manager, [reservation]);
    });
  }

  async otherCosts(principal: Principal, id: string, query: CursorPageQuery): Promise<Page<OtherCostDto>> {
    return this.transactions.run(principal, async (manager) => {
      await this.workOrders.loadVisible(manager, principal, id);
      const qb = manager
        .createQueryBuilder(OtherCostEntry, 'c')
        .where('c.tenant_id = :tenantId and c.work_order_id = :id', { tenantId: principal.tenantId, id });
      return mapPage(await new KeysetPage(COST_ORDER, query).fetch(qb), toOtherCostDto);
    });
  }

  async addOtherCost(principal: Principal, id: string, dto: AddOtherCostDto): Promise<OtherCostDto> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.editable(manager, principal, id);
      const cost = manager.create(OtherCostEntry, {
        id: randomUUID(),
        tenantId: workOrder.tenantId,
        workOrderId: id,
        description: dto.description,
        category: dto.category ?? '',
        amount: dto.amount,
        createdBy: principal.subject,
        createdAt: new Date(),
      });
      await manager.insert(OtherCostEntry, cost);
      await this.workOrders.touch(manager, workOrder);
      return toOtherCostDto(cost);
    });
  }

  async deleteOtherCost(principal: Principal, id: string, costId: string): Promise<void> {
    await this.transactions.run(principal, async (manager) => {
      const workOrder = await this.editable(manager, principal, id);
      const result = await manager.delete(OtherCostEntry, { id: costId, tenantId: workOrder.tenantId, workOrderId: id });
      if (!result.affected) throw new WorkOrderException(WorkOrderExceptionCode.ITEM_NOT_FOUND, 'cost not found');
      await this.workOrders.touch(manager, workOrder);
    });
  }

  async totals(principal: Principal, id: string): Promise<CostTotals> {
    return this.transactions.run(principal, async (manager) => {
      await this.workOrders.loadVisible(manager, principal, id);
      return costTotals(manager, principal.tenantId, id);
    });
  }
}
