import { availability, mtbf, mttr } from './downtime-kpis';
import { maintenanceCost } from './cost-kpis';
import { alertVolume } from './alert-kpis';
import { connectionHealth } from './connection-kpis';
import { DEFAULT_KPI_SETTINGS, type KpiFormula, type KpiSettings } from './kpi-computation';
import type { KpiFigure } from './kpi-figure';
import type { ReportingFacts } from './kpi-facts';
import { ALERT_FILTERS, applyFilters, CONNECTION_FILTERS, MAINTENANCE_FILTERS, type FilterName, type KpiFilters } from './kpi-filters';
import { bucketsOf, type Granularity, type Period } from './kpi-period';
import { backlog, overdueWork } from './open-work-kpis';
import { mtta, plannedMaintenancePercentage, pmCompliance, reactiveRatio, scheduleCompliance } from './work-order-kpis';

/** Every KPI by the name the API uses. */
export const KPI_FORMULAS = {
  mttr: (facts, period) => mttr(facts, period),
  mtbf: (facts, period) => mtbf(facts, period),
  mtta,
  availability: (facts, period) => availability(facts, period),
  'pm-compliance': pmCompliance,
  'schedule-compliance': scheduleCompliance,
  'planned-maintenance-percentage': plannedMaintenancePercentage,
  'reactive-ratio': reactiveRatio,
  backlog,
  'overdue-work': overdueWork,
  'maintenance-cost': maintenanceCost,
  'connection-health': connectionHealth,
  'alert-volume': alertVolume,
} satisfies Record<string, KpiFormula>;

export type KpiName = keyof typeof KPI_FORMULAS;
export const KPI_NAMES = Object.keys(KPI_FORMULAS) as KpiName[];

export function isKpiName(name: string): name is KpiName {
  return Object.hasOwn(KPI_FORMULAS, name);
}

/** The filters each KPI can be narrowed by; any other is refused, not silently ignored. */
export function filtersOf(kpi: KpiName): readonly FilterName[] {
  if (kpi === 'connection-health') return CONNECTION_FILTERS;
  if (kpi === 'alert-volume') return ALERT_FILTERS;
  return MAINTENANCE_FILTERS;
}

export interface KpiQuery {
  kpi: KpiName;
  period: Period;
  filters: KpiFilters;
  /** The instant the answer is for (now): open work and PM grace are judged as of it. */
  asOf: number;
  settings?: KpiSettings;
}

export function computeKpi(facts: ReportingFacts, query: KpiQuery): KpiFigure {
  const computed = KPI_FORMULAS[query.kpi](applyFilters(facts, query.filters), query.period, query.asOf, query.settings ?? DEFAULT_KPI_SETTINGS);
  return { kpi: query.kpi, period: query.period, filters: query.filters, ...computed };
}

/** A KPI as a series: the same formula over each day, week or month (UTC) of the period. */
export function computeTrend(facts: ReportingFacts, query: KpiQuery, granularity: Granularity): KpiFigure[] {
  const filtered = applyFilters(facts, query.filters);
  return bucketsOf(query.period, granularity).map((bucket) => ({
    kpi: query.kpi,
    period: bucket,
    filters: query.filters,
    ...KPI_FORMULAS[query.kpi](filtered, bucket, query.asOf, query.settings ?? DEFAULT_KPI_SETTINGS),
  }));
}
