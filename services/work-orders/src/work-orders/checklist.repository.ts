import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChecklistItem } from './checklist-item.entity';
import type { NewChecklistItem } from './checklist-rules';

/** A new, unanswered item at `position` (1 is the first). */
export function newChecklistItem(tenantId: string, workOrderId: string, position: number, item: NewChecklistItem): ChecklistItem {
  return Object.assign(new ChecklistItem(), {
    id: randomUUID(),
    tenantId,
    workOrderId,
    position,
    label: item.label,
    kind: item.kind,
    required: item.required ?? false,
    minValue: item.min ?? null,
    maxValue: item.max ?? null,
    unit: item.unit ?? null,
    options: item.options ?? [],
    meterId: item.meterId ?? null,
    outOfRange: false,
  });
}

/** Every query of a work order's checklist items (TypeORM's entity manager and query builder). */
@Injectable()
export class ChecklistRepository {
  /** Every item of the work order, by position. */
  items(manager: EntityManager, tenantId: string, workOrderId: string): Promise<ChecklistItem[]> {
    return manager.find(ChecklistItem, { where: { tenantId, workOrderId }, order: { position: 'ASC' } });
  }

  required(manager: EntityManager, tenantId: string, workOrderId: string): Promise<ChecklistItem[]> {
    return manager.find(ChecklistItem, { where: { tenantId, workOrderId, required: true }, order: { position: 'ASC' } });
  }

  /** An item of the work order, locked for the rest of the transaction. */
  lockItem(manager: EntityManager, tenantId: string, workOrderId: string, id: string): Promise<ChecklistItem | null> {
    return manager.findOne(ChecklistItem, { where: { id, tenantId, workOrderId }, lock: { mode: 'pessimistic_write' } });
  }

  /** How many items the work order has and the position after the last. */
  async size(manager: EntityManager, tenantId: string, workOrderId: string): Promise<{ count: number; nextPosition: number }> {
    const row = await manager
      .createQueryBuilder(ChecklistItem, 'i')
      .select('coalesce(max(i.position), 0) + 1', 'next')
      .addSelect('count(*)', 'count')
      .where('i.tenant_id = :tenantId and i.work_order_id = :workOrderId', { tenantId, workOrderId })
      .getRawOne<{ next: number | string; count: string }>();
    return { count: Number(row?.count ?? 0), nextPosition: Number(row?.next ?? 1) };
  }

  async insert(manager: EntityManager, items: readonly ChecklistItem[]): Promise<void> {
    if (items.length > 0) await manager.insert(ChecklistItem, [...items]);
  }

  /** The item as stored (with the columns' defaults). */
  get(manager: EntityManager, tenantId: string, id: string): Promise<ChecklistItem> {
    return manager.findOneByOrFail(ChecklistItem, { id, tenantId });
  }

  async save(manager: EntityManager, item: ChecklistItem): Promise<void> {
    const { id, tenantId, ...columns } = item;
    await manager.update(ChecklistItem, { id, tenantId }, columns);
  }
}
