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
import { normalizeDecimal } from '../common/decimal';
import type { CompletionRows, CostTotals } from '../work-orders/labour-and-costs.repository';

export interface CompletionDetails {
  labour: LabourSummary[];
  partsUsed: PartUsage[];
  otherCosts: OtherCost[];
  totals: CostTotalsMessage;
}

/** Labour per technician, parts, other costs and totals, as the completion event carries them. */
export function completionDetails(rows: CompletionRows, totals: CostTotals): CompletionDetails {
  return {
    labour: rows.labour.map((row) => create(LabourSummarySchema, { technicianId: row.technician_id, minutes: BigInt(row.minutes), cost: row.cost })),
    partsUsed: rows.parts.map((row) =>
      create(PartUsageSchema, {
        lineId: row.id,
        partId: row.part_id,
        storeroomId: row.storeroom_id,
        quantity: normalizeDecimal(row.quantity) ?? '0',
        unitCost: normalizeDecimal(row.unit_cost) ?? '0',
        totalCost: row.total_cost,
      }),
    ),
    otherCosts: rows.other.map((row) => create(OtherCostSchema, { costId: row.id, description: row.description, amount: row.amount, category: row.category })),
    totals: create(CostTotalsSchema, {
      labourMinutes: BigInt(totals.labourMinutes),
      labourCost: totals.labourCost,
      partsCost: totals.partsCost,
      otherCost: totals.otherCost,
      totalCost: totals.totalCost,
    }),
  };
}
