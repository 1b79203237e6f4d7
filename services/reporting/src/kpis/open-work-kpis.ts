import { PRIORITIES, type Priority, type WorkOrderFact } from './kpi-facts';
import { DAY_MS, type Period } from './kpi-period';
import { uniqueSorted, type KpiBreakdownRow } from './kpi-figure';
import type { KpiFormula } from './kpi-computation';

/** Age buckets of open work, in whole days since creation: [min, max). */
export const AGE_BUCKETS = [
  { label: '0-7d', minDays: 0, maxDays: 7 },
  { label: '7-30d', minDays: 7, maxDays: 30 },
  { label: '30-90d', minDays: 30, maxDays: 90 },
  { label: '90d+', minDays: 90, maxDays: Number.POSITIVE_INFINITY },
] as const;

/** Open work is counted at the period's end, or now when the period has not ended yet. */
export function openAt(period: Period, asOf: number): number {
  return Math.min(period.to, asOf);
}

/** Created before the instant and neither completed nor cancelled by then. */
export function openWorkAt(workOrders: readonly WorkOrderFact[], instant: number): WorkOrderFact[] {
  const endedBy = (at: number | null): boolean => at !== null && at <= instant;
  return workOrders.filter((wo) => wo.createdAt < instant && !endedBy(wo.completedAt) && !endedBy(wo.cancelledAt));
}

function ageBucketOf(workOrder: WorkOrderFact, instant: number): string {
  const days = (instant - workOrder.createdAt) / DAY_MS;
  return AGE_BUCKETS.find((bucket) => days >= bucket.minDays && days < bucket.maxDays)?.label ?? '90d+';
}

function byPriorityAndAge(open: readonly WorkOrderFact[], instant: number): KpiBreakdownRow[] {
  const rows: KpiBreakdownRow[] = [];
  for (const priority of PRIORITIES) {
    for (const bucket of AGE_BUCKETS) {
      const cell = open.filter((wo) => wo.priority === priority && ageBucketOf(wo, instant) === bucket.label);
      if (cell.length === 0) continue;
      const minutes = cell.reduce((sum, wo) => sum + wo.estimatedMinutes, 0);
      rows.push({ key: { priority, age: bucket.label }, counts: { workOrders: cell.length, estimatedHours: minutes / 60 } });
    }
  }
  return rows;
}

/**
 * Backlog: open work at the end of the period, counted, in estimated hours and in crew-weeks
 * (estimated hours ÷ the crew's weekly capacity), by priority and age.
 */
export const backlog: KpiFormula = (facts, period, asOf, settings) => {
  const instant = openAt(period, asOf);
  const open = openWorkAt(facts.workOrders, instant);
  const minutes = open.reduce((sum, wo) => sum + wo.estimatedMinutes, 0);
  const withoutEstimate = open.filter((wo) => wo.estimatedMinutes === 0).length;
  return {
    value: open.length,
    unit: 'count',
    formula:
      'work orders created before the instant and neither completed nor cancelled by then; hours = sum of estimates; crew-weeks = hours / crew hours per week',
    counts: {
      workOrders: open.length,
      estimatedHours: minutes / 60,
      crewWeeks: settings.crewHoursPerWeek > 0 ? minutes / 60 / settings.crewHoursPerWeek : '',
      crewHoursPerWeek: settings.crewHoursPerWeek,
      withoutEstimate,
      at: new Date(instant).toISOString(),
    },
    breakdown: byPriorityAndAge(open, instant),
    drillDown: { workOrderIds: uniqueSorted(open.map((wo) => wo.workOrderId)), downtimeIds: [] },
  };
};

/** Overdue work: open work whose due date has passed, at the end of the period, by priority. */
export const overdueWork: KpiFormula = (facts, period, asOf) => {
  const instant = openAt(period, asOf);
  const open = openWorkAt(facts.workOrders, instant);
  const overdue = open.filter((wo) => wo.dueAt !== null && wo.dueAt < instant);
  const countOf = (priority: Priority): number => overdue.filter((wo) => wo.priority === priority).length;
  return {
    value: overdue.length,
    unit: 'count',
    formula: 'open work orders whose due_at is before the instant',
    counts: { overdue: overdue.length, open: open.length, at: new Date(instant).toISOString() },
    breakdown: PRIORITIES.filter((priority) => countOf(priority) > 0).map((priority) => ({
      key: { priority },
      counts: { workOrders: countOf(priority) },
    })),
    drillDown: { workOrderIds: uniqueSorted(overdue.map((wo) => wo.workOrderId)), downtimeIds: [] },
  };
};
