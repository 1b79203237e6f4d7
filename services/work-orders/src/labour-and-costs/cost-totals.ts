import type { EntityManager } from 'typeorm';

export interface CostTotals {
  labourMinutes: number;
  labourCost: string;
  partsCost: string;
  otherCost: string;
  totalCost: string;
}

/**
 * Labour (minutes / 60 × hourly rate, rounded per entry to cents), parts (quantity × unit
 * cost, rounded per line) and other costs, summed in SQL numerics: money never becomes a float.
 * Running timers count only once stopped. Sums are unbounded numerics (rounded to cents, never
 * cast to a bounded numeric(p, s)): every set of lines the columns hold has totals that can be read.
 */
export async function costTotals(manager: EntityManager, tenantId: string, workOrderId: string): Promise<CostTotals> {
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
