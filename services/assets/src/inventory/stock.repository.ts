import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { KeysetPage, mapPage, sortOrder, type Page, type SortedPageQuery, type SortKey } from '@mate/service-kit';
import { StockLevel, StockMovement } from './inventory.entities';

const MOVEMENT_SORT: Record<string, SortKey> = {
  seq: { sql: 's.seq', type: 'numeric' },
};

/** A stock level with the names of its part and storeroom, as lists show it. */
export interface LevelRow {
  part_id: string;
  sku: string;
  part_name: string;
  storeroom_id: string;
  storeroom_name: string;
  on_hand: string;
  reserved: string;
  minimum: string;
  reorder_point: string;
  below_reorder_point: boolean;
}

const LEVEL_SQL = `
  select l.part_id, p.sku, p.name as part_name, l.storeroom_id, s.name as storeroom_name,
         l.on_hand::text, l.reserved::text, l.minimum::text, l.reorder_point::text, l.below_reorder_point
    from stock_levels l join parts p on p.id = l.part_id join locations s on s.id = l.storeroom_id
   where l.tenant_id = $1`;

export interface MovementsFilter {
  storeroomId?: string;
  kind?: string;
  workOrderId?: string;
}

/** Every query of stock levels and the stock ledger; each runs in the caller's (tenant) transaction. */
@Injectable()
export class StockRepository {
  /** The stock level row, created at zero if missing, locked for the rest of the transaction. */
  async lockLevel(manager: EntityManager, tenantId: string, partId: string, storeroomId: string): Promise<StockLevel> {
    await manager.query(`insert into stock_levels (tenant_id, part_id, storeroom_id) values ($1, $2, $3) on conflict do nothing`, [tenantId, partId, storeroomId]);
    return manager.findOneOrFail(StockLevel, { where: { tenantId, partId, storeroomId }, lock: { mode: 'pessimistic_write' } });
  }

  async updateLevel(manager: EntityManager, level: StockLevel): Promise<void> {
    const { tenantId, partId, storeroomId, onHand, reserved, minimum, reorderPoint, belowReorderPoint, version, updatedAt } = level;
    await manager.update(StockLevel, { tenantId, partId, storeroomId }, { onHand, reserved, minimum, reorderPoint, belowReorderPoint, version, updatedAt });
  }

  /** Appends a ledger line; its `seq` (assigned by the database) is set on it. */
  async appendMovement(manager: EntityManager, movement: StockMovement): Promise<void> {
    await manager.insert(StockMovement, movement);
    const [{ seq }] = (await manager.query(`select seq::text from stock_movements where id = $1`, [movement.id])) as Array<{ seq: string }>;
    movement.seq = seq;
  }

  levelsOfPart(manager: EntityManager, tenantId: string, partId: string): Promise<LevelRow[]> {
    return manager.query(`${LEVEL_SQL} and l.part_id = $2 order by s.name`, [tenantId, partId]);
  }

  levelsOfStoreroom(manager: EntityManager, tenantId: string, storeroomId: string): Promise<LevelRow[]> {
    return manager.query(`${LEVEL_SQL} and l.storeroom_id = $2 order by p.sku`, [tenantId, storeroomId]);
  }

  async level(manager: EntityManager, tenantId: string, partId: string, storeroomId: string): Promise<LevelRow> {
    const [row]: LevelRow[] = await manager.query(`${LEVEL_SQL} and l.part_id = $2 and l.storeroom_id = $3`, [tenantId, partId, storeroomId]);
    return row;
  }

  async movementsPage<T>(manager: EntityManager, tenantId: string, partId: string, filter: MovementsFilter, query: SortedPageQuery, map: (movement: StockMovement) => T): Promise<Page<T>> {
    const qb = manager.createQueryBuilder(StockMovement, 's').where('s.tenant_id = :tenantId AND s.part_id = :partId', { tenantId, partId });
    if (filter.storeroomId) qb.andWhere('s.storeroom_id = :storeroomId', { storeroomId: filter.storeroomId });
    if (filter.kind) qb.andWhere('s.kind = :kind', { kind: filter.kind });
    if (filter.workOrderId) qb.andWhere('s.work_order_id = :workOrderId', { workOrderId: filter.workOrderId });
    return mapPage(await new KeysetPage(sortOrder(query.sort ?? '-seq', MOVEMENT_SORT, 's.id'), query).fetch(qb), map);
  }

  /** Whether the part has ledger lines or purchase-order lines (then it is history and stays). */
  async partInUse(manager: EntityManager, tenantId: string, partId: string): Promise<boolean> {
    const used = await manager.query(
      `select 1 from stock_movements where tenant_id = $1 and part_id = $2
       union all select 1 from purchase_order_lines where tenant_id = $1 and part_id = $2 limit 1`,
      [tenantId, partId],
    );
    return used.length > 0;
  }

  async deleteLevelsOfPart(manager: EntityManager, tenantId: string, partId: string): Promise<void> {
    await manager.query(`delete from stock_levels where tenant_id = $1 and part_id = $2`, [tenantId, partId]);
  }
}
