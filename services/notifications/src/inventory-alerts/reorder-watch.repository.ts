import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The reorder point below which a part's stock in a storeroom opened an alert (PartStockChanged
 * does not carry it). Quantities are decimal strings, compared as numeric by PostgreSQL.
 */
@Injectable()
export class ReorderWatchRepository {
  async watch(manager: EntityManager, tenantId: string, partId: string, storeroomId: string, reorderPoint: string): Promise<void> {
    await manager.query(
      `insert into reorder_watches (tenant_id, part_id, storeroom_id, reorder_point) values ($1, $2, $3, $4::numeric)
       on conflict (tenant_id, part_id, storeroom_id) do update set reorder_point = excluded.reorder_point`,
      [tenantId, partId, storeroomId, reorderPoint],
    );
  }

  /** True (and the watch ends) when `onHand` is back at or above the watched reorder point. */
  async endIfRestocked(manager: EntityManager, tenantId: string, partId: string, storeroomId: string, onHand: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      // A select around the delete: TypeORM answers a bare DELETE … RETURNING with [rows, count].
      `with ended as (delete from reorder_watches where tenant_id = $1 and part_id = $2 and storeroom_id = $3 and $4::numeric >= reorder_point returning part_id)
       select part_id from ended`,
      [tenantId, partId, storeroomId, onHand],
    );
    return rows.length > 0;
  }
}
