import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox } from '@mate/messaging';
import { mapPage, TenantTransactions, type CursorPageQuery, type Page, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { compareDecimals } from '../common/decimal';
import { editsAllWorkOrders, WorkOrderAccess } from '../work-orders/work-order-access';
import { WorkOrderChanges } from '../work-orders/work-order.changes';
import type { WorkOrder } from '../work-orders/work-order.entity';
import { invalidField, WorkOrderException, WorkOrderExceptionCode } from '../work-orders/work-order.exception';
import type { AddOtherCostDto, AddPartDto, LabourEntryDto, LogLabourDto, OtherCostDto, PartLineDto, StartTimerDto } from './dtos/labour-and-costs.dtos';
import { LabourEntry, OtherCostEntry, PartLine } from '../work-orders/labour-and-costs.entities';
import { toLabourDto, toOtherCostDto, toPartDto } from './labour-and-costs.mapper';
import { LabourAndCostsRepository, type CostTotals } from '../work-orders/labour-and-costs.repository';
import { PartsReservation } from '../work-orders/parts-reservation';

/**
 * An issued line's parts left the stock when the work order completed. Deleting it (or changing
 * its quantity) after a reopen would not put them back, and the cost history would no longer
 * match the stock ledger: the line stays as issued. Negative (return) lines are not supported;
 * parts that come back go into stock through the assets service.
 */
function assertNotIssued(line: PartLine): void {
  if (line.issuedAt === null) return;
  throw new WorkOrderException(
    WorkOrderExceptionCode.PART_LINE_ISSUED,
    `part line ${line.id} was issued from stock at ${line.issuedAt.toISOString()} and cannot be deleted or changed; ` +
      'record returned parts as a receipt or adjustment in the assets service',
  );
}

function timerConflict(detail: string): WorkOrderException {
  return new WorkOrderException(WorkOrderExceptionCode.TIMER_CONFLICT, detail);
}

/** Time entries (timer or duration, with a rate), parts and other costs of a work order. */
@Injectable()
export class LabourAndCostsService {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(WorkOrderAccess) private readonly access: WorkOrderAccess,
    @Inject(WorkOrderChanges) private readonly changes: WorkOrderChanges,
    @Inject(LabourAndCostsRepository) private readonly repository: LabourAndCostsRepository,
    @Inject(PartsReservation) private readonly reservation: PartsReservation,
  ) {}

  /** Technicians log their own time only; planners and admins anyone's. */
  private technicianFor(principal: Principal, requested: string | undefined): string {
    const technicianId = requested ?? principal.subject;
    if (technicianId !== principal.subject && !editsAllWorkOrders(principal)) {
      throw new WorkOrderException(WorkOrderExceptionCode.FORBIDDEN, 'technicianId: technicians log only their own time');
    }
    return technicianId;
  }

  /** A list of a work order the caller may see. */
  private page<E, D>(principal: Principal, id: string, read: (manager: EntityManager) => Promise<Page<E>>, map: (item: E) => D): Promise<Page<D>> {
    return this.transactions.run(principal, async (manager) => {
      await this.access.visible(manager, principal, id);
      return mapPage(await read(manager), map);
    });
  }

  labour(principal: Principal, id: string, query: CursorPageQuery): Promise<Page<LabourEntryDto>> {
    return this.page(principal, id, (manager) => this.repository.labourPage(manager, principal.tenantId, id, query), toLabourDto);
  }

  async logLabour(principal: Principal, id: string, dto: LogLabourDto): Promise<LabourEntryDto> {
    const technicianId = this.technicianFor(principal, dto.technicianId);
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.active(manager, principal, id);
      const startedAt = dto.startedAt ? new Date(dto.startedAt) : null;
      const entry = this.newEntry(workOrder, principal, technicianId, {
        startedAt,
        endedAt: startedAt ? new Date(startedAt.getTime() + dto.minutes * 60_000) : null,
        minutes: dto.minutes,
        hourlyRate: dto.hourlyRate,
        note: dto.note ?? null,
      });
      await this.repository.insertLabour(manager, entry);
      await this.changes.activity(manager, workOrder, { response: true });
      return toLabourDto(entry);
    });
  }

  async startTimer(principal: Principal, id: string, dto: StartTimerDto): Promise<LabourEntryDto> {
    const technicianId = this.technicianFor(principal, dto.technicianId);
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.active(manager, principal, id);
      if (await this.repository.hasRunningTimer(manager, workOrder.tenantId, id, technicianId)) {
        throw timerConflict('a timer is already running for this technician');
      }
      const entry = this.newEntry(workOrder, principal, technicianId, {
        startedAt: new Date(),
        endedAt: null,
        minutes: null,
        hourlyRate: dto.hourlyRate,
        note: dto.note ?? null,
      });
      entry.createdAt = entry.startedAt as Date;
      if (!(await this.repository.insertRunningTimer(manager, entry))) throw timerConflict('a timer is already running for this technician');
      await this.changes.activity(manager, workOrder, { response: true });
      return toLabourDto(entry);
    });
  }

  private newEntry(
    workOrder: WorkOrder,
    principal: Principal,
    technicianId: string,
    time: Pick<LabourEntry, 'startedAt' | 'endedAt' | 'minutes' | 'hourlyRate' | 'note'>,
  ): LabourEntry {
    return Object.assign(new LabourEntry(), {
      id: randomUUID(),
      tenantId: workOrder.tenantId,
      workOrderId: workOrder.id,
      technicianId,
      ...time,
      createdBy: principal.subject,
      createdAt: new Date(),
    });
  }

  async stopTimer(principal: Principal, id: string, requestedTechnician: string | undefined): Promise<LabourEntryDto> {
    const technicianId = this.technicianFor(principal, requestedTechnician);
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.active(manager, principal, id);
      const entry = await this.repository.stopTimer(manager, workOrder.tenantId, id, technicianId, new Date());
      if (!entry) throw timerConflict('no timer is running for this technician');
      await this.changes.activity(manager, workOrder);
      return toLabourDto(entry);
    });
  }

  async deleteLabour(principal: Principal, id: string, entryId: string): Promise<void> {
    await this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.active(manager, principal, id);
      const entry = await this.repository.findLabour(manager, workOrder.tenantId, id, entryId);
      if (!entry) throw new WorkOrderException(WorkOrderExceptionCode.ITEM_NOT_FOUND, 'time entry not found');
      this.technicianFor(principal, entry.technicianId);
      await this.repository.deleteLabour(manager, workOrder.tenantId, entryId);
      await this.changes.activity(manager, workOrder);
    });
  }

  parts(principal: Principal, id: string, query: CursorPageQuery): Promise<Page<PartLineDto>> {
    return this.page(principal, id, (manager) => this.repository.partsPage(manager, principal.tenantId, id, query), toPartDto);
  }

  /** Adding or removing parts on an assigned work order asks the assets service to reserve the new set. */
  async addPart(principal: Principal, id: string, dto: AddPartDto): Promise<PartLineDto> {
    if (compareDecimals(dto.quantity, '0') <= 0) throw invalidField('quantity', 'must be greater than 0');
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.active(manager, principal, id);
      const line = Object.assign(new PartLine(), {
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
      await this.repository.insertPart(manager, line);
      await this.changes.activity(manager, workOrder, { response: true });
      const reservation = await this.reservation.eventFor(manager, workOrder, principal.subject);
      if (reservation) await this.outbox.append(manager, [reservation]);
      return toPartDto(line);
    });
  }

  async deletePart(principal: Principal, id: string, lineId: string): Promise<void> {
    await this.transactions.run(principal, async (manager) => {
      // The work order's row lock (taken by active) orders this after a concurrent completion,
      // so issued_at is current here.
      const workOrder = await this.access.active(manager, principal, id);
      const line = await this.repository.findPart(manager, workOrder.tenantId, id, lineId);
      if (!line) throw new WorkOrderException(WorkOrderExceptionCode.ITEM_NOT_FOUND, 'part line not found');
      assertNotIssued(line);
      await this.repository.deletePart(manager, workOrder.tenantId, lineId);
      await this.changes.activity(manager, workOrder);
      const reservation = await this.reservation.eventFor(manager, workOrder, principal.subject, { evenWhenEmpty: true });
      if (reservation) await this.outbox.append(manager, [reservation]);
    });
  }

  otherCosts(principal: Principal, id: string, query: CursorPageQuery): Promise<Page<OtherCostDto>> {
    return this.page(principal, id, (manager) => this.repository.otherCostsPage(manager, principal.tenantId, id, query), toOtherCostDto);
  }

  async addOtherCost(principal: Principal, id: string, dto: AddOtherCostDto): Promise<OtherCostDto> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.active(manager, principal, id);
      const cost = Object.assign(new OtherCostEntry(), {
        id: randomUUID(),
        tenantId: workOrder.tenantId,
        workOrderId: id,
        description: dto.description,
        category: dto.category ?? '',
        amount: dto.amount,
        createdBy: principal.subject,
        createdAt: new Date(),
      });
      await this.repository.insertOtherCost(manager, cost);
      await this.changes.activity(manager, workOrder);
      return toOtherCostDto(cost);
    });
  }

  async deleteOtherCost(principal: Principal, id: string, costId: string): Promise<void> {
    await this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.active(manager, principal, id);
      const deleted = await this.repository.deleteOtherCost(manager, workOrder.tenantId, id, costId);
      if (!deleted) throw new WorkOrderException(WorkOrderExceptionCode.ITEM_NOT_FOUND, 'cost not found');
      await this.changes.activity(manager, workOrder);
    });
  }

  async totals(principal: Principal, id: string): Promise<CostTotals> {
    return this.transactions.run(principal, async (manager) => {
      await this.access.visible(manager, principal, id);
      return this.repository.totals(manager, principal.tenantId, id);
    });
  }
}
