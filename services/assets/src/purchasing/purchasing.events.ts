import {
  PurchaseOrderCreatedSchema,
  PurchaseOrderReceivedSchema,
  PurchaseOrderStatus,
  PurchaseOrderStatusChangedSchema,
} from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import { numericText } from '../common/decimal.util';
import { outboundEvent } from '../common/event-publisher';
import { timestamp } from '../common/time.util';
import type { PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatusName } from './purchasing.entities';

const STATUS: Record<PurchaseOrderStatusName, PurchaseOrderStatus> = {
  draft: PurchaseOrderStatus.DRAFT,
  submitted: PurchaseOrderStatus.SUBMITTED,
  approved: PurchaseOrderStatus.APPROVED,
  rejected: PurchaseOrderStatus.REJECTED,
  partially_received: PurchaseOrderStatus.PARTIALLY_RECEIVED,
  received: PurchaseOrderStatus.RECEIVED,
  closed: PurchaseOrderStatus.CLOSED,
  cancelled: PurchaseOrderStatus.CANCELLED,
};

export function purchaseOrderCreated(order: PurchaseOrder, lines: readonly PurchaseOrderLine[], total: string): OutboundEvent {
  return outboundEvent(PurchaseOrderCreatedSchema, order.tenantId, order.id, {
    purchaseOrderId: order.id,
    number: order.number,
    vendorId: order.vendorId,
    status: STATUS[order.status],
    lines: lines.map((line) => ({
      lineId: line.id,
      partId: line.partId,
      quantity: numericText(line.quantity),
      unitCost: numericText(line.unitCost),
      quantityReceived: numericText(line.quantityReceived),
    })),
    total,
    currency: order.currency,
    createdAt: timestamp(order.createdAt),
    createdBy: order.createdBy,
  });
}

export function purchaseOrderStatusChanged(order: PurchaseOrder, previous: PurchaseOrderStatusName, reason: string | null, by: string, at: Date): OutboundEvent {
  return outboundEvent(
    PurchaseOrderStatusChangedSchema,
    order.tenantId,
    order.id,
    {
      purchaseOrderId: order.id,
      number: order.number,
      status: STATUS[order.status],
      previousStatus: STATUS[previous],
      reason: reason ?? '',
      changedAt: timestamp(at),
      changedBy: by,
      vendorId: order.vendorId,
    },
    at,
  );
}

export interface ReceivedLine {
  line: PurchaseOrderLine;
  quantity: string;
  movementId: string;
}

export function purchaseOrderReceived(order: PurchaseOrder, receiptId: string, storeroomId: string, lines: readonly ReceivedLine[], by: string, at: Date): OutboundEvent {
  return outboundEvent(
    PurchaseOrderReceivedSchema,
    order.tenantId,
    order.id,
    {
      purchaseOrderId: order.id,
      number: order.number,
      receiptId,
      storeroomId,
      lines: lines.map(({ line, quantity, movementId }) => ({
        lineId: line.id,
        partId: line.partId,
        quantity,
        quantityReceivedTotal: numericText(line.quantityReceived),
        quantityOrdered: numericText(line.quantity),
        movementId,
      })),
      status: STATUS[order.status],
      receivedAt: timestamp(at),
      receivedBy: by,
    },
    at,
  );
}
