export * from './kpi-facts';
export * from './kpi-period';
export * from './kpi-filters';
export * from './kpi-figure';
export { KPI_NAMES, isKpiName, computeKpi, computeTrend, filtersOf, type KpiName, type KpiQuery } from './kpi-catalogue';
export { DEFAULT_KPI_SETTINGS, type KpiSettings } from './kpi-computation';
export { reauthEpisodesOf } from './connection-kpis';
export { graceMs } from './work-order-kpis';
export { AGE_BUCKETS } from './open-work-kpis';
