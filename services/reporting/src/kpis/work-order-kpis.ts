import type { WorkOrderFact } from './kpi-facts';
import { contains, DAY_MS, bucketStart, type Period } from './kpi-period';
import { hours, ratio, uniqueSorted } from './kpi-figure';
import type { KpiFormula } from './kpi-computation';

const ids = (workOrders: readonly WorkOrderFact[]): { workOrderIds: string[]; downtimeIds: string[] } => ({
  workOrderIds: uniqueSorted(workOrders.map((workOrder) => workOrder.workOrderId)),
  downtimeIds: [],
});

const isCancelled = (workOrder: WorkOrderFact): boolean => workOrder.cancelledAt !== null;

/** Completed (or closed) in the period and not reopened since: the work done in it. */
export function completedIn(workOrders: readonly WorkOrderFact[], period: Period): WorkOrderFact[] {
  return workOrders.filter((workOrder) => workOrder.completedAt !== null && contains(period, workOrder.completedAt));
}

/** MTTA: mean time from creation to first response, of work orders created in the period. */
export const mtta: KpiFormula = (facts, period) => {
  const created = facts.workOrders.filter((workOrder) => contains(period, workOrder.createdAt));
  const responded = created.filter((workOrder) => workOrder.firstResponseAt !== null);
  const responseMs = responded.reduce((sum, workOrder) => sum + ((workOrder.firstResponseAt ?? 0) - workOrder.createdAt), 0);
  return {
    value: ratio(hours(responseMs), responded.length),
    unit: 'hours',
    formula: 'sum(first_response_at - created_at) / number of work orders created in the period with a response',
    counts: { responseHours: hours(responseMs), responded: responded.length, notResponded: created.length - responded.length },
    drillDown: ids(responded),
  };
};

/** SMRP grace: 20 % of the PM interval, at most 28 days; none without a time interval. */
export const GRACE_SHARE = 0.2;
export const MAX_GRACE_MS = 28 * DAY_MS;

export function graceMs(intervalMs: number | null): number {
  return intervalMs === null ? 0 : Math.min(GRACE_SHARE * intervalMs, MAX_GRACE_MS);
}

/**
 * PM compliance: PM work orders completed by due date + grace ÷ PM work orders due in the period.
 * Cancelled ones are not due; ones still open inside their grace are pending, not yet counted.
 */
export const pmCompliance: KpiFormula = (facts, period, asOf) => {
  const due = facts.workOrders.filter((wo) => wo.pm !== null && wo.dueAt !== null && contains(period, wo.dueAt));
  const deadline = (wo: WorkOrderFact): number => (wo.dueAt ?? 0) + graceMs(wo.pm?.intervalMs ?? null);
  const counted = due.filter((wo) => !isCancelled(wo));
  const onTime = counted.filter((wo) => wo.completedAt !== null && wo.completedAt <= deadline(wo));
  const pending = counted.filter((wo) => wo.completedAt === null && asOf <= deadline(wo));
  const late = counted.filter((wo) => wo.completedAt !== null && wo.completedAt > deadline(wo));
  const dueCount = counted.length - pending.length;
  return {
    value: ratio(onTime.length, dueCount),
    unit: 'ratio',
    formula: 'PM work orders completed by due_at + grace (20 % of the interval, at most 28 days) / PM work orders due in the period (cancelled and still-in-grace excluded)',
    counts: {
      onTime: onTime.length,
      due: dueCount,
      late: late.length,
      missed: dueCount - onTime.length - late.length,
      pendingInGrace: pending.length,
      cancelled: due.length - counted.length,
    },
    drillDown: ids(due),
  };
};

/**
 * Schedule compliance: work scheduled for a week (planned start, ISO weeks in UTC) and completed in
 * that same week ÷ work scheduled for that week, over the weeks of the period. Cancelled work is
 * not scheduled work.
 */
export const scheduleCompliance: KpiFormula = (facts, period) => {
  const scheduled = facts.workOrders.filter(
    (wo) => wo.plannedStartAt !== null && contains(period, wo.plannedStartAt) && !isCancelled(wo),
  );
  const week = (instant: number): number => bucketStart(instant, 'week');
  const doneInWeek = scheduled.filter((wo) => wo.completedAt !== null && week(wo.completedAt) === week(wo.plannedStartAt ?? 0));
  return {
    value: ratio(doneInWeek.length, scheduled.length),
    unit: 'ratio',
    formula: 'work orders completed in the week of their planned start / work orders with a planned start in the period',
    counts: { completedInScheduledWeek: doneInWeek.length, scheduled: scheduled.length },
    drillDown: ids(scheduled),
  };
};

/** Planned work: PM and inspections, and corrective or project work scheduled before it was done. */
export function isPlannedWork(workOrder: WorkOrderFact): boolean {
  if (workOrder.type === 'preventive' || workOrder.type === 'inspection') return true;
  return workOrder.type !== 'emergency' && workOrder.plannedStartAt !== null;
}

/** Planned maintenance percentage: planned labour hours ÷ all labour hours of work completed in the period. */
export const plannedMaintenancePercentage: KpiFormula = (facts, period) => {
  const done = completedIn(facts.workOrders, period);
  const minutes = (list: readonly WorkOrderFact[]): number => list.reduce((sum, wo) => sum + wo.labourMinutes, 0);
  const plannedMinutes = minutes(done.filter(isPlannedWork));
  const allMinutes = minutes(done);
  return {
    value: ratio(plannedMinutes, allMinutes),
    unit: 'ratio',
    formula: 'labour hours of planned work (PM, inspection, scheduled corrective) / all labour hours, of work completed in the period',
    counts: { plannedHours: plannedMinutes / 60, allHours: allMinutes / 60, workOrders: done.length },
    drillDown: ids(done),
  };
};

/** Reactive ratio: corrective and emergency work orders ÷ all work orders completed in the period. */
export const reactiveRatio: KpiFormula = (facts, period) => {
  const done = completedIn(facts.workOrders, period);
  const reactive = done.filter((wo) => wo.type === 'corrective' || wo.type === 'emergency');
  return {
    value: ratio(reactive.length, done.length),
    unit: 'ratio',
    formula: '(corrective + emergency) work orders / all work orders completed in the period',
    counts: { reactive: reactive.length, all: done.length },
    drillDown: ids(done),
  };
};
