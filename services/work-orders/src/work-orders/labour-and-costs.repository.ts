import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@mate/database';
import { creationOrder, KeysetPage, type CursorPageQuery, type Page } from '@mate/service-kit';
import { IsNull, type EntityManager } from 'typeorm';
import { LabourEntry, OtherCostEntry, PartLine } from './labour-and-costs.entities';

export interface CostTotals {
  labourMinutes: number;
  labourCost: string;
  partsCost: string;
  otherCost: string;
  totalCost: string;
}

/** Labour per technician, parts and other costs as a completion reports them (amounts rounded to cents). */
export interface CompletionRows {
  labour: Array<{ technician_id: string; minutes: string; cost: string }>;
  parts: Array<{ id: string; part_id: string; storeroom_id: string; quantity: string; unit_cost: string; total_cost: string }>;
  other: Array<{ id: string; description: string; category: string; amount: string }>;
}

// Each list in the order its rows were added (as before pagination).
const LABOUR_ORDER = creationOrder('labour', 'l');
const PART_ORDER = creationOrder('parts', 'p');
const COST_ORDER = creationOrder('costs', 'c');

/**
 * Every query of a work order's time entries, part lines and other costs. Rows are read and
 * written through TypeORM's entity manager and query builder; sums and minute arithmetic are SQL
 * with numbered parameters, computed in PostgreSQL numerics so that money never becomes a float.
 */
@Injectable()
export class LabourAndCostsRepository {
  labourPage(manager: EntityManager, tenantId: string, workOrderId: string, query: CursorPageQuery): Promise<Page<LabourEntry>> {
    const qb = manager.createQueryBuilder(LabourEntry, 'l').where('l.tenant_id = :tenantId and l.work_order_id = :workOrderId', { tenantId, workOrderId });
    return new KeysetPage(LABOUR_ORDER, query).fetch(qb);
  }

  partsPage(manager: EntityManager, tenantId: string, workOrderId: string, query: CursorPageQuery): Promise<Page<PartLine>> {
    const qb = manager.createQueryBuilder(PartLine, 'p').where('p.tenant_id = :tenantId and p.work_order_id = :workOrderId', { tenantId, workOrderId });
    return new KeysetPage(PART_ORDER, query).fetch(qb);
  }

  otherCostsPage(manager: EntityManager, tenantId: string, workOrderId: string, query: CursorPageQuery): Promise<Page<OtherCostEntry>> {
    const qb = manager.createQueryBuilder(OtherCostEntry, 'c').where('c.tenant_id = :tenantId and c.work_order_id = :workOrderId', { tenantId, workOrderId });
    return new KeysetPage(COST_ORDER, query).fetch(qb);
  }

  async insertLabour(manager: EntityManager, entry: LabourEntry): Promise<void> {
    await manager.insert(LabourEntry, entry);
  }

  findLabour(manager: EntityManager, tenantId: string, workOrderId: string, id: string): Promise<LabourEntry | null> {
    return manager.findOneBy(LabourEntry, { id, tenantId, workOrderId });
  }

  async deleteLabour(manager: EntityManager, tenantId: string, id: string): Promise<void> {
    await manager.delete(LabourEntry, { id, tenantId });
  }

  /**
   * Inserts a running timer (no minutes yet); false when the technician already has one (the
   * unique index on running timers refused it: a concurrent start).
   */
  async insertRunningTimer(manager: EntityManager, entry: LabourEntry): Promise<boolean> {
    try {
      await manager.insert(LabourEntry, entry);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  hasRunningTimer(manager: EntityManager, tenantId: string, workOrderId: string, technicianId: string): Promise<boolean> {
    return manager.existsBy(LabourEntry, { tenantId, workOrderId, technicianId, minutes: IsNull() });
  }

  /** Stops the technician's running timer at `at` (minutes rounded); the stopped entry, or null when none ran. */
  async stopTimer(manager: EntityManager, tenantId: string, workOrderId: string, technicianId: string, at: Date): Promise<LabourEntry | null> {
    const result: unknown = await manager.query(
      `update labour_entries
          set ended_at = $4, minutes = greatest(0, round(extract(epoch from ($4::timestamptz - started_at)) / 60))::int
        where tenant_id = $1 and work_order_id = $2 and technician_id = $3 and minutes is null
        returning id`,
      [tenantId, workOrderId, technicianId, at.toISOString()],
    );
    // node-postgres answers an UPDATE … RETURNING through TypeORM as [rows, count].
    const answer = result as unknown[];
    const rows = (Array.isArray(answer[0]) ? answer[0] : answer) as Array<{ id: string }>;
    if (rows.length === 0) return null;
    return manager.findOneByOrFail(LabourEntry, { id: rows[0].id, tenantId });
  }

  /** Stops every running timer of a work order at `at` (completion, cancellation). */
  async stopRunningTimers(manager: EntityManager, tenantId: string, workOrderId: string, at: Date): Promise<void> {
    await manager.query(
      `update labour_entries
          set ended_at = $3, minutes = greatest(0, floor(extract(epoch from ($3::timestamptz - started_at)) / 60))::int
        where tenant_id = $1 and work_order_id = $2 and minutes is null`,
      [tenantId, workOrderId, at.toISOString()],
    );
  }

  async insertPart(manager: EntityManager, line: PartLine): Promise<void> {
    await manager.insert(PartLine, line);
  }

  findPart(manager: EntityManager, tenantId: string, workOrderId: string, id: string): Promise<PartLine | null> {
    return manager.findOneBy(PartLine, { id, tenantId, workOrderId });
  }

  async deletePart(manager: EntityManager, tenantId: string, id: string): Promise<void> {
    await manager.delete(PartLine, { id, tenantId });
  }

  /** Lines not issued from stock yet, in the order they were added. */
  unissuedParts(manager: EntityManager, tenantId: string, workOrderId: string): Promise<PartLine[]> {
    return manager.find(PartLine, { where: { tenantId, workOrderId, issuedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  /** Marks the lines not issued yet as issued at `at` (a completion takes their parts out of stock). */
  async markPartsIssued(manager: EntityManager, tenantId: string, workOrderId: string, at: Date): Promise<void> {
    await manager.update(PartLine, { tenantId, workOrderId, issuedAt: IsNull() }, { issuedAt: at });
  }

  async insertOtherCost(manager: EntityManager, cost: OtherCostEntry): Promise<void> {
    await manager.insert(OtherCostEntry, cost);
  }

  /** Whether the cost existed. */
  async deleteOtherCost(manager: EntityManager, tenantId: string, workOrderId: string, id: string): Promise<boolean> {
    const result = await manager.delete(OtherCostEntry, { id, tenantId, workOrderId });
    return Boolean(result.affected);
  }

  /**
   * Labour (minutes / 60 × hourly rate, rounded per entry to cents), parts (quantity × unit
   * cost, rounded per line) and other costs. Running timers count only once stopped. Sums are
   * unbounded numerics (rounded to cents, never cast to a bounded numeric(p, s)): every set of
   * lines the columns hold has totals that can be read.
   */
  async totals(manager: EntityManager, tenantId: string, workOrderId: string): Promise<CostTotals> {
    const [row]: Array<{ labour_minutes: string; labour_cost: string; parts_cost: string; other_cost: string; total_cost: string }> =
      await manager.query(
        `with labour as (
           select coalesce(sum(minutes), 0) as minutes,
                  coalesce(sum(round(minutes * hourly_rate / 60.0, 2)), 0) as cost
             from labour_entries where tenant_id = $1 and work_order_id = $2 and minutes is not null
         ), parts as (
           select coalesce(sum(round(quantity * unit_cost, 2)), 0) as cost
             from part_lines where tenant_id = $1 and work_order_id = $2
         ), other as (
           select coalesce(sum(amount), 0) as cost from other_costs where tenant_id = $1 and work_order_id = $2
         )
         select labour.minutes::text as labour_minutes,
                round(labour.cost, 2)::text as labour_cost,
                round(parts.cost, 2)::text as parts_cost,
                round(other.cost, 2)::text as other_cost,
                round(labour.cost + parts.cost + other.cost, 2)::text as total_cost
           from labour, parts, other`,
        [tenantId, workOrderId],
      );
    return {
      labourMinutes: Number(row.labour_minutes),
      labourCost: row.labour_cost,
      partsCost: row.parts_cost,
      otherCost: row.other_cost,
      totalCost: row.total_cost,
    };
  }

  /**
   * What a completion reports. One connection (the transaction's): one query at a time. Amounts
   * are rounded to cents but never cast to a bounded numeric: a product or sum beyond
   * numeric(14, 2) must not fail.
   */
  async completionRows(manager: EntityManager, tenantId: string, workOrderId: string): Promise<CompletionRows> {
    const labour: CompletionRows['labour'] = await manager.query(
      `select technician_id, sum(minutes)::text as minutes, round(sum(round(minutes * hourly_rate / 60.0, 2)), 2)::text as cost
         from labour_entries where tenant_id = $1 and work_order_id = $2 and minutes is not null
        group by technician_id order by technician_id`,
      [tenantId, workOrderId],
    );
    const parts: CompletionRows['parts'] = await manager.query(
      `select id, part_id, storeroom_id, quantity::text as quantity, unit_cost::text as unit_cost,
              round(quantity * unit_cost, 2)::text as total_cost
         from part_lines where tenant_id = $1 and work_order_id = $2 order by created_at, id`,
      [tenantId, workOrderId],
    );
    const other: CompletionRows['other'] = await manager.query(
      `select id, description, category, round(amount, 2)::text as amount
         from other_costs where tenant_id = $1 and work_order_id = $2 order by created_at, id`,
      [tenantId, workOrderId],
    );
    return { labour, parts, other };
  }
}
