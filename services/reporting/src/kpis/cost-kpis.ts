import type { Micros, WorkOrderCosts, WorkOrderFact } from './kpi-facts';
import { formatMoney, uniqueSorted, type KpiBreakdownRow, type KpiCounts } from './kpi-figure';
import type { KpiFormula } from './kpi-computation';
import { completedIn } from './work-order-kpis';

const ZERO: WorkOrderCosts = { labour: 0n, parts: 0n, other: 0n };

function add(a: WorkOrderCosts, b: WorkOrderCosts): WorkOrderCosts {
  return { labour: a.labour + b.labour, parts: a.parts + b.parts, other: a.other + b.other };
}

const totalOf = (costs: WorkOrderCosts): Micros => costs.labour + costs.parts + costs.other;

function costCounts(costs: WorkOrderCosts, workOrders: number): KpiCounts {
  return {
    labour: formatMoney(costs.labour),
    parts: formatMoney(costs.parts),
    other: formatMoney(costs.other),
    total: formatMoney(totalOf(costs)),
    workOrders,
  };
}

function groupBy(done: readonly WorkOrderFact[], dimension: 'asset' | 'location'): KpiBreakdownRow[] {
  const groups = new Map<string, { costs: WorkOrderCosts; workOrders: number }>();
  for (const wo of done) {
    const key = (dimension === 'asset' ? wo.assetId : wo.locationPathIds[wo.locationPathIds.length - 1]) ?? '';
    const group = groups.get(key) ?? { costs: ZERO, workOrders: 0 };
    groups.set(key, { costs: add(group.costs, wo.costs), workOrders: group.workOrders + 1 });
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, group]) => ({ key: { [dimension]: id }, counts: costCounts(group.costs, group.workOrders) }));
}

/**
 * Maintenance cost: labour + parts + other of the work completed in the period (the costs a work
 * order carries at its latest completion), by asset and by the work order's own location.
 * A cancelled work order's costs are not counted (it was never completed).
 */
export const maintenanceCost: KpiFormula = (facts, period) => {
  const done = completedIn(facts.workOrders, period);
  const costs = done.reduce((sum, wo) => add(sum, wo.costs), ZERO);
  return {
    value: Number(totalOf(costs)) / 1_000_000,
    unit: 'money',
    formula: 'labour + parts + other costs of work orders completed in the period',
    counts: costCounts(costs, done.length),
    breakdown: [...groupBy(done, 'asset'), ...groupBy(done, 'location')],
    drillDown: { workOrderIds: uniqueSorted(done.map((wo) => wo.workOrderId)), downtimeIds: [] },
  };
};
