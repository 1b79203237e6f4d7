import { create } from '@bufbuild/protobuf';
import {
  CostTotalsSchema,
  LabourSummarySchema,
  OtherCostSchema,
  PartUsageSchema,
  type CostTotals as CostTotalsMessage,
  type LabourSummary,
  type OtherCost,
  type PartUsage,
} from '@mate/contracts';
import type { EntityManager } from 'typeorm';
import { normalizeDecimal } from '../checklists/checklist-rules';
import { costTotals } from './cost-totals';

export interface CompletionDetails {
  labour: LabourSummary[];
  partsUsed: PartUsage[];
  otherCosts: OtherCost[];
  totals: CostTotalsMessage;
}

/** Labour per technician, parts, other costs and totals, as the completion event carries them. */
export async function completionDetails(manager: EntityManager, tenantId: string, workOrderId: string): Promise<CompletionDetails> {
  // One connection (the transaction's): one query at a time. Amounts are rounded to cents but
  // never cast to a bounded numeric: a product or sum beyond numeric(14, 2) must not fail.
  const labour = await (manager.query(
      `select technician_id, sum(minutes)::text as minutes, round(sum(round(minutes * hourly_rate / 60.0, 2)), 2)::text as cost
         from labour_entries where tenant_id = $1 and work_order_id = $2 and minutes is not null
        group by technician_id order by technician_id`,
      [tenantId, workOrderId],
    ) as Promise<Array<{ technician_id: string; minutes: string; cost: string }>>);
  const parts = await (manager.query(
      `select id, part_id, storeroom_id, quantity::text as quantity, unit_cost::text as unit_cost,
              round(quantity * unit_cost, 2)::text as total_cost
         from part_lines where tenant_id = $1 and work_order_id = $2 order by created_at, id`,
      [tenantId, workOrderId],
    ) as Promise<Array<{ id: string; part_id: string; storeroom_id: string; quantity: string; unit_cost: string; total_cost: string }>>);
  const other = await (manager.query(
      `select id, description, category, round(amount, 2)::text as amount
         from other_costs where tenant_id = $1 and work_order_id = $2 order by created_at, id`,
      [tenantId, workOrderId],
    ) as Promise<Array<{ id: string; description: string; category: string; amount: string }>>);
  const totals = await costTotals(manager, tenantId, workOrderId);
  return {
    labour: labour.map((row) =>
      create(LabourSummarySchema, { technicianId: row.technician_id, minutes: BigInt(row.minutes), cost: row.cost }),
    ),
    partsUsed: parts.map((row) =>
      create(PartUsageSchema, {
        lineId: row.id,
        partId: row.part_id,
        storeroomId: row.storeroom_id,
        quantity: normalizeDecimal(row.quantity) ?? '0',
        unitCost: normalizeDecimal(row.unit_cost) ?? '0',
        totalCost: row.total_cost,
      }),
    ),
    otherCosts: other.map((row) =>
      create(OtherCostSchema, { costId: row.id, description: row.description, amount: row.amount, category: row.category }),
    ),
    totals: create(CostTotalsSchema, {
      labourMinutes: BigInt(totals.labourMinutes),
      labourCost: totals.labourCost,
      partsCost: totals.partsCost,
      otherCost: totals.otherCost,
      totalCost: totals.totalCost,
    }),
  };
}

/** Stops running timers of a work order at `at` (completion, cancellation). */
export async function stopRunningTimers(manager: EntityManager, tenantId: string, workOrderId: string, at: Date): Promise<void> {
  await manager.query(
    `update labour_entries
        set ended_at = $3, minutes = greatest(0, floor(extract(epoch from ($3::timestamptz - started_at)) / 60))::int
      where tenant_id = $1 and work_order_id = $2 and minutes is null`,
    [tenantId, workOrderId, at.toISOString()],
  );
}

/**
 * Marks the lines not issued yet as issued at `at`: a completion's `WorkOrderCompleted` lists them
 * and the assets service takes their parts out of stock (a re-completion only the difference).
 */
export async function markPartLinesIssued(manager: EntityManager, tenantId: string, workOrderId: string, at: Date): Promise<void> {
  await manager.query(
    `update part_lines set issued_at = $3 where tenant_id = $1 and work_order_id = $2 and issued_at is null`,
    [tenantId, workOrderId, at.toISOString()],
  );
}
