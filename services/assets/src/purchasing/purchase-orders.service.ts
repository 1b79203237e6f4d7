import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  PROBLEM_TYPES,
  ProblemException,
  TenantTransactions,
  type FieldError,
  type Page,
  type Principal,
  type VersionPrecondition,
} from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { formatDecimal, fromNumeric, multiply, numericText, parseDecimal } from '../common/decimal.util';
import { EventPublisher } from '../common/event-publisher';
import { isoDate } from '../common/time.util';
import { PartRepository, StockLedger, type Part } from '../inventory';
import type {
  CreatePurchaseOrderDto,
  ListPurchaseOrdersQueryDto,
  PurchaseOrderDto,
  PurchaseOrderLineInputDto,
  ReceivePurchaseOrderDto,
  UpdatePurchaseOrderDto,
} from './purchasing.dto';
import { PurchaseOrderRepository } from './purchase-order.repository';
import { PurchaseOrder, PurchaseOrderLine, type PurchaseOrderStatusName } from './purchasing.entities';
import { purchaseOrderCreated, purchaseOrderReceived, purchaseOrderStatusChanged, type ReceivedLine } from './purchasing.events';
import { PurchasingException, PurchasingExceptionCode } from './purchasing.exception';
import { VendorsService } from './vendors.service';

export type PurchaseOrderAction = 'submit' | 'approve' | 'reject' | 'cancel' | 'close';

/** The state machine: which action leads from which statuses to which status. */
export const TRANSITIONS: Record<PurchaseOrderAction, { from: readonly PurchaseOrderStatusName[]; to: PurchaseOrderStatusName; reasonRequired: boolean }> = {
  submit: { from: ['draft'], to: 'submitted', reasonRequired: false },
  approve: { from: ['submitted'], to: 'approved', reasonRequired: false },
  reject: { from: ['submitted'], to: 'rejected', reasonRequired: true },
  cancel: { from: ['draft', 'submitted', 'approved'], to: 'cancelled', reasonRequired: true },
  close: { from: ['received'], to: 'closed', reasonRequired: false },
};

/** From approval on, an order is locked: only receiving (and closing) remains. */
const EDITABLE: readonly PurchaseOrderStatusName[] = ['draft', 'submitted'];

function lineTotal(line: PurchaseOrderLine): bigint {
  return multiply(fromNumeric(line.quantity), fromNumeric(line.unitCost));
}

export function toPurchaseOrderDto(order: PurchaseOrder, lines: readonly PurchaseOrderLine[]): PurchaseOrderDto {
  const sorted = [...lines].sort((a, b) => a.lineNo - b.lineNo);
  return {
    id: order.id,
    number: order.number,
    vendorId: order.vendorId,
    status: order.status,
    currency: order.currency,
    storeroomId: order.storeroomId,
    expectedAt: isoDate(order.expectedAt),
    notes: order.notes,
    total: formatDecimal(sorted.reduce((sum, line) => sum + lineTotal(line), 0n)),
    locked: !EDITABLE.includes(order.status),
    lines: sorted.map((line) => ({
      id: line.id,
      lineNo: line.lineNo,
      partId: line.partId,
      quantity: numericText(line.quantity),
      unitCost: numericText(line.unitCost),
      quantityReceived: numericText(line.quantityReceived),
      lineTotal: formatDecimal(lineTotal(line)),
    })),
    createdBy: order.createdBy,
    approvedBy: order.approvedBy,
    version: order.version,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

@Injectable()
export class PurchaseOrdersService {
  constructor(
    @Inject(TenantTransactions) private readonly tenantTransactions: TenantTransactions,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(VendorsService) private readonly vendors: VendorsService,
    @Inject(StockLedger) private readonly ledger: StockLedger,
    @Inject(PurchaseOrderRepository) private readonly repository: PurchaseOrderRepository,
    @Inject(PartRepository) private readonly parts: PartRepository,
  ) {}

  list(principal: Principal, query: ListPurchaseOrdersQueryDto): Promise<Page<PurchaseOrderDto>> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const page = await this.repository.page(manager, principal.tenantId, query, query);
      return { items: page.items.map(({ order, lines }) => toPurchaseOrderDto(order, lines)), nextCursor: page.nextCursor };
    });
  }

  get(principal: Principal, id: string): Promise<PurchaseOrderDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const order = await this.require(manager, principal.tenantId, id);
      return toPurchaseOrderDto(order, await this.lines(manager, order));
    });
  }

  /** Header and lines in one transaction: a missing part fails the whole order (422, naming the line). */
  create(principal: Principal, body: CreatePurchaseOrderDto): Promise<PurchaseOrderDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      await this.vendors.require(manager, tenantId, body.vendorId);
      if (body.storeroomId) await this.ledger.requireStoreroom(manager, tenantId, body.storeroomId);
      const now = new Date();
      const order = Object.assign(new PurchaseOrder(), {
        id: randomUUID(),
        tenantId,
        number: await this.nextNumber(manager, tenantId),
        vendorId: body.vendorId,
        status: 'draft',
        currency: body.currency,
        storeroomId: body.storeroomId ?? null,
        expectedAt: body.expectedAt ?? null,
        notes: body.notes ?? null,
        createdBy: principal.subject,
        approvedBy: null,
        approvedAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await this.repository.insert(manager, order);
      const lines = await this.writeLines(manager, order, body.lines);
      await this.recordStatus(manager, order, null, 'created', principal.subject, now);
      const dto = toPurchaseOrderDto(order, lines);
      await this.events.publish(manager, [purchaseOrderCreated(order, lines, dto.total)]);
      return dto;
    });
  }

  update(principal: Principal, id: string, body: UpdatePurchaseOrderDto, ifMatch: VersionPrecondition): Promise<PurchaseOrderDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      const order = await this.require(manager, tenantId, id, true);
      ifMatch.assertMatches(order.version);
      this.assertEditable(order);
      if (body.vendorId !== undefined) {
        await this.vendors.require(manager, tenantId, body.vendorId);
        order.vendorId = body.vendorId;
      }
      if (body.storeroomId) await this.ledger.requireStoreroom(manager, tenantId, body.storeroomId);
      if (body.storeroomId !== undefined) order.storeroomId = body.storeroomId;
      if (body.currency !== undefined) order.currency = body.currency;
      if (body.expectedAt !== undefined) order.expectedAt = body.expectedAt;
      if (body.notes !== undefined) order.notes = body.notes;
      order.version += 1;
      order.updatedAt = new Date();
      await this.repository.save(manager, order);
      let lines: PurchaseOrderLine[];
      if (body.lines) {
        await this.repository.deleteLines(manager, order);
        lines = await this.writeLines(manager, order, body.lines);
      } else {
        lines = await this.lines(manager, order);
      }
      return toPurchaseOrderDto(order, lines);
    });
  }

  transition(principal: Principal, id: string, action: PurchaseOrderAction, reason: string | undefined, ifMatch: VersionPrecondition): Promise<PurchaseOrderDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const order = await this.require(manager, principal.tenantId, id, true);
      ifMatch.assertMatches(order.version);
      const rule = TRANSITIONS[action];
      if (!rule.from.includes(order.status)) {
        throw new PurchasingException(
          PurchasingExceptionCode.ILLEGAL_TRANSITION,
          `cannot ${action} a purchase order that is ${order.status} (allowed from: ${rule.from.join(', ')})`,
        );
      }
      if (rule.reasonRequired && !reason) throw ProblemException.validation([{ field: 'reason', message: `a reason is required to ${action}` }]);
      const previous = order.status;
      const now = new Date();
      order.status = rule.to;
      if (action === 'approve') {
        order.approvedBy = principal.subject;
        order.approvedAt = now;
      }
      order.version += 1;
      order.updatedAt = now;
      await this.repository.save(manager, order);
      await this.recordStatus(manager, order, previous, reason ?? null, principal.subject, now);
      await this.events.publish(manager, [purchaseOrderStatusChanged(order, previous, reason ?? null, principal.subject, now)]);
      return toPurchaseOrderDto(order, await this.lines(manager, order));
    });
  }

  /** Partial or full receipt: each line adds stock through the ledger, in this transaction. */
  receive(principal: Principal, id: string, body: ReceivePurchaseOrderDto, ifMatch: VersionPrecondition): Promise<PurchaseOrderDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      const order = await this.require(manager, tenantId, id, true);
      ifMatch.assertMatches(order.version);
      if (order.status !== 'approved' && order.status !== 'partially_received') {
        throw new PurchasingException(PurchasingExceptionCode.NOT_RECEIVABLE, `only an approved purchase order can be received; this one is ${order.status}`);
      }
      const storeroomId = body.storeroomId ?? order.storeroomId;
      if (!storeroomId) throw new PurchasingException(PurchasingExceptionCode.NO_STOREROOM, 'name the storeroom the goods go into (storeroomId)');
      await this.ledger.requireStoreroom(manager, tenantId, storeroomId);
      const lines = await this.lines(manager, order);
      const byId = new Map(lines.map((line) => [line.id, line]));
      const errors: FieldError[] = [];
      body.lines.forEach((receipt, index) => {
        const line = byId.get(receipt.lineId);
        if (!line) errors.push({ field: `lines.${index}.lineId`, message: 'not a line of this purchase order' });
        else if (parseDecimal(receipt.quantity) <= 0n) errors.push({ field: `lines.${index}.quantity`, message: 'quantity must be greater than 0' });
      });
      if (errors.length > 0) throw ProblemException.validation(errors);
      const receiptId = randomUUID();
      const received: ReceivedLine[] = [];
      for (const [index, receipt] of body.lines.entries()) {
        const line = byId.get(receipt.lineId) as PurchaseOrderLine;
        const quantity = parseDecimal(receipt.quantity);
        const after = fromNumeric(line.quantityReceived) + quantity;
        if (after > fromNumeric(line.quantity)) {
          throw new PurchasingException(
            PurchasingExceptionCode.OVER_RECEIPT,
            `lines.${index}: receiving ${receipt.quantity} would exceed the ordered ${numericText(line.quantity)} (already received ${numericText(line.quantityReceived)})`,
          );
        }
        const part = await this.ledger.requirePart(manager, tenantId, line.partId);
        const { movement } = await this.ledger.move(manager, {
          tenantId,
          part,
          storeroomId,
          kind: 'receipt',
          quantity,
          unitCost: line.unitCost,
          purchaseOrderId: order.id,
          reason: `purchase order ${order.number}`,
          actor: principal.subject,
        });
        line.quantityReceived = formatDecimal(after);
        await this.repository.setReceived(manager, line);
        received.push({ line, quantity: formatDecimal(quantity), movementId: movement.id });
      }
      const previous = order.status;
      const complete = lines.every((line) => fromNumeric(line.quantityReceived) >= fromNumeric(line.quantity));
      order.status = complete ? 'received' : 'partially_received';
      const now = new Date();
      order.version += 1;
      order.updatedAt = now;
      await this.repository.save(manager, order);
      const events = [purchaseOrderReceived(order, receiptId, storeroomId, received, principal.subject, now)];
      if (order.status !== previous) {
        await this.recordStatus(manager, order, previous, null, principal.subject, now);
        events.push(purchaseOrderStatusChanged(order, previous, null, principal.subject, now));
      }
      await this.events.publish(manager, events);
      return toPurchaseOrderDto(order, lines);
    });
  }

  private assertEditable(order: PurchaseOrder): void {
    if (!EDITABLE.includes(order.status)) {
      throw new PurchasingException(
        PurchasingExceptionCode.LOCKED,
        `purchase order ${order.number} is ${order.status}: it is locked after approval; only receiving is allowed`,
      );
    }
  }

  private async writeLines(manager: EntityManager, order: PurchaseOrder, inputs: readonly PurchaseOrderLineInputDto[]): Promise<PurchaseOrderLine[]> {
    const tenantId = order.tenantId;
    const parts = await this.parts.findByIds(manager, tenantId, inputs.map((l) => l.partId));
    const byId = new Map(parts.map((part) => [part.id, part]));
    const errors: FieldError[] = [];
    inputs.forEach((input, index) => {
      if (!byId.has(input.partId)) errors.push({ field: `lines.${index}.partId`, message: `part ${input.partId} not found` });
      if (parseDecimal(input.quantity) <= 0n) errors.push({ field: `lines.${index}.quantity`, message: 'quantity must be greater than 0' });
    });
    if (errors.length > 0) {
      // The transaction rolls back: no header without its lines.
      throw new ProblemException({
        status: 422,
        type: PROBLEM_TYPES.validation,
        title: 'Unprocessable Entity',
        detail: 'the purchase order was not created: every line needs an existing part and a positive quantity',
        extensions: { errors },
      });
    }
    const lines = inputs.map((input, index) =>
      Object.assign(new PurchaseOrderLine(), {
        id: randomUUID(),
        tenantId,
        purchaseOrderId: order.id,
        lineNo: index + 1,
        partId: input.partId,
        quantity: input.quantity,
        unitCost: input.unitCost ?? (byId.get(input.partId) as Part).unitCost,
        quantityReceived: '0',
      }),
    );
    await this.repository.insertLines(manager, lines);
    return lines;
  }

  private async require(manager: EntityManager, tenantId: string, id: string, lock = false): Promise<PurchaseOrder> {
    const order = await this.repository.findById(manager, tenantId, id, lock);
    if (!order) throw new PurchasingException(PurchasingExceptionCode.PURCHASE_ORDER_NOT_FOUND, `purchase order ${id} not found`);
    return order;
  }

  private lines(manager: EntityManager, order: PurchaseOrder): Promise<PurchaseOrderLine[]> {
    return this.repository.lines(manager, order);
  }

  private async recordStatus(manager: EntityManager, order: PurchaseOrder, from: PurchaseOrderStatusName | null, reason: string | null, by: string, at: Date): Promise<void> {
    await this.repository.addStatusChange(manager, {
      id: randomUUID(),
      tenantId: order.tenantId,
      purchaseOrderId: order.id,
      fromStatus: from,
      toStatus: order.status,
      reason,
      changedBy: by,
      changedAt: at,
    });
  }

  private async nextNumber(manager: EntityManager, tenantId: string): Promise<string> {
    return `PO-${String(await this.repository.nextNumber(manager, tenantId)).padStart(6, '0')}`;
  }
}
