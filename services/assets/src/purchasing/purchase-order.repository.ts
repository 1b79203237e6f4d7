import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { KeysetPage, sortOrder, type Page, type SortedPageQuery, type SortKey } from '@mate/service-kit';
import { PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatusChange, type PurchaseOrderStatusName } from './purchasing.entities';

const SORT: Record<string, SortKey> = {
  number: { sql: 'o.number', type: 'text' },
  createdAt: { sql: 'o.created_at', type: 'timestamptz' },
  status: { sql: 'o.status', type: 'text' },
};

export interface PurchaseOrdersFilter {
  status?: PurchaseOrderStatusName[];
  vendorId?: string;
}

/** Every query of purchase orders, their lines and status history; each runs in the caller's (tenant) transaction. */
@Injectable()
export class PurchaseOrderRepository {
  findById(manager: EntityManager, tenantId: string, id: string, lock = false): Promise<PurchaseOrder | null> {
    return manager.findOne(PurchaseOrder, { where: { id, tenantId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** A page of orders with their lines. */
  async page(manager: EntityManager, tenantId: string, filter: PurchaseOrdersFilter, query: SortedPageQuery): Promise<Page<{ order: PurchaseOrder; lines: PurchaseOrderLine[] }>> {
    const qb = manager.createQueryBuilder(PurchaseOrder, 'o').where('o.tenant_id = :tenantId', { tenantId });
    if (filter.status?.length) qb.andWhere('o.status IN (:...statuses)', { statuses: filter.status });
    if (filter.vendorId) qb.andWhere('o.vendor_id = :vendorId', { vendorId: filter.vendorId });
    const page = await new KeysetPage(sortOrder(query.sort ?? '-createdAt', SORT, 'o.id'), query).fetch(qb);
    const lines = page.items.length ? await manager.find(PurchaseOrderLine, { where: { tenantId, purchaseOrderId: In(page.items.map((o) => o.id)) } }) : [];
    return { items: page.items.map((order) => ({ order, lines: lines.filter((l) => l.purchaseOrderId === order.id) })), nextCursor: page.nextCursor };
  }

  async insert(manager: EntityManager, order: PurchaseOrder): Promise<void> {
    await manager.insert(PurchaseOrder, order);
  }

  async save(manager: EntityManager, order: PurchaseOrder): Promise<void> {
    await manager.save(PurchaseOrder, order);
  }

  lines(manager: EntityManager, order: PurchaseOrder): Promise<PurchaseOrderLine[]> {
    return manager.find(PurchaseOrderLine, { where: { tenantId: order.tenantId, purchaseOrderId: order.id }, order: { lineNo: 'ASC' } });
  }

  async insertLines(manager: EntityManager, lines: PurchaseOrderLine[]): Promise<void> {
    await manager.insert(PurchaseOrderLine, lines);
  }

  async deleteLines(manager: EntityManager, order: PurchaseOrder): Promise<void> {
    await manager.delete(PurchaseOrderLine, { tenantId: order.tenantId, purchaseOrderId: order.id });
  }

  async setReceived(manager: EntityManager, line: PurchaseOrderLine): Promise<void> {
    await manager.update(PurchaseOrderLine, { id: line.id, tenantId: line.tenantId }, { quantityReceived: line.quantityReceived });
  }

  async addStatusChange(manager: EntityManager, change: PurchaseOrderStatusChange): Promise<void> {
    await manager.insert(PurchaseOrderStatusChange, change);
  }

  /** The tenant's next purchase-order number (a counter row, locked until the transaction ends). */
  async nextNumber(manager: EntityManager, tenantId: string): Promise<number> {
    const [{ value }] = (await manager.query(
      `insert into tenant_counters (tenant_id, name, value) values ($1, 'purchase_order', 1)
       on conflict (tenant_id, name) do update set value = tenant_counters.value + 1
       returning value::text`,
      [tenantId],
    )) as Array<{ value: string }>;
    return Number(value);
  }
}
