import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatDecimal, fromNumeric, type Scaled } from '../common/decimal.util';
import { KeysetPage, mapPage, sortOrder, type Page, type SortedPageQuery, type SortKey } from '@mate/service-kit';
import { Reservation, type ReservationStatus } from './inventory.entities';

const RESERVATION_SORT: Record<string, SortKey> = {
  createdAt: { sql: 'r.created_at', type: 'timestamptz' },
};

/** What was issued and found short for one work-order line, over all its completions. */
export interface LineIssue {
  issued: Scaled;
  short: Scaled;
}

/**
 * Every query of reservations and of the parts issued per work-order line
 * (`work_order_part_issues`); each runs in the caller's (tenant) transaction.
 */
@Injectable()
export class ReservationRepository {
  /** The work order's active reservations, oldest first, locked until the transaction ends. */
  activeForUpdate(manager: EntityManager, tenantId: string, workOrderId: string): Promise<Reservation[]> {
    return manager.find(Reservation, {
      where: { tenantId, workOrderId, status: 'active' },
      order: { createdAt: 'ASC', id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async insert(manager: EntityManager, reservation: Reservation): Promise<void> {
    await manager.insert(Reservation, reservation);
  }

  async setStatus(manager: EntityManager, reservation: Reservation, status: ReservationStatus): Promise<void> {
    reservation.status = status;
    reservation.updatedAt = new Date();
    await manager.update(Reservation, { id: reservation.id, tenantId: reservation.tenantId }, { status, updatedAt: reservation.updatedAt });
  }

  async pageOfPart<T>(manager: EntityManager, tenantId: string, partId: string, query: SortedPageQuery, map: (reservation: Reservation) => T): Promise<Page<T>> {
    const qb = manager.createQueryBuilder(Reservation, 'r').where('r.tenant_id = :tenantId AND r.part_id = :partId', { tenantId, partId });
    return mapPage(await new KeysetPage(sortOrder(query.sort ?? '-createdAt', RESERVATION_SORT, 'r.id'), query).fetch(qb), map);
  }

  async anyIssued(manager: EntityManager, tenantId: string, workOrderId: string): Promise<boolean> {
    const rows = await manager.query(`select 1 from work_order_part_issues where tenant_id = $1 and work_order_id = $2 limit 1`, [tenantId, workOrderId]);
    return rows.length > 0;
  }

  /** What the line was issued so far (zero for a line never issued), locked until the transaction ends. */
  async lineIssueForUpdate(manager: EntityManager, tenantId: string, workOrderId: string, lineId: string): Promise<LineIssue> {
    const [row]: Array<{ quantity_issued: string; quantity_short: string }> = await manager.query(
      `select quantity_issued::text, quantity_short::text from work_order_part_issues
        where tenant_id = $1 and work_order_id = $2 and line_id = $3 for update`,
      [tenantId, workOrderId, lineId],
    );
    return row ? { issued: fromNumeric(row.quantity_issued), short: fromNumeric(row.quantity_short) } : { issued: 0n, short: 0n };
  }

  /** Adds a completion's issue and shortfall to what the line was issued before. */
  async addLineIssue(
    manager: EntityManager,
    tenantId: string,
    line: { workOrderId: string; lineId: string; partId: string; storeroomId: string },
    issue: LineIssue,
  ): Promise<void> {
    await manager.query(
      `insert into work_order_part_issues (tenant_id, work_order_id, line_id, part_id, storeroom_id, quantity_issued, quantity_short, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, now())
       on conflict (tenant_id, work_order_id, line_id) do update
         set quantity_issued = work_order_part_issues.quantity_issued + excluded.quantity_issued,
             quantity_short = work_order_part_issues.quantity_short + excluded.quantity_short,
             updated_at = now()`,
      [tenantId, line.workOrderId, line.lineId, line.partId, line.storeroomId, formatDecimal(issue.issued), formatDecimal(issue.short)],
    );
  }
}
