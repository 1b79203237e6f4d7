import { ProblemException } from '@mate/service-kit';
import { DAY_MS, filtersOf as applicableFilters, isKpiName, KPI_NAMES, type KpiFilters, type KpiName, type Period } from '../kpis';
import type { KpiQueryDto } from './dtos/kpi-query.dto';

/** The longest period one answer covers: a year (and a leap day). */
export const MAX_PERIOD_DAYS = 366;

/** The KPI a path names, or 400 naming `kpi`. */
export function kpiNamed(name: string): KpiName {
  if (!isKpiName(name)) throw ProblemException.validation([{ field: 'kpi', message: `kpi must be one of ${KPI_NAMES.join(', ')}` }]);
  return name;
}

/** The period of a query: `to` after `from`, at most MAX_PERIOD_DAYS long; else 400 naming `to`. */
export function periodOf(query: Pick<KpiQueryDto, 'from' | 'to'>): Period {
  const period = { from: Date.parse(query.from), to: Date.parse(query.to) };
  if (period.to <= period.from) throw ProblemException.validation([{ field: 'to', message: 'to must be after from' }]);
  if (period.to - period.from > MAX_PERIOD_DAYS * DAY_MS) {
    throw ProblemException.validation([{ field: 'to', message: `the period may be at most ${MAX_PERIOD_DAYS} days long` }]);
  }
  return period;
}

/** The filters of a query; one the KPI cannot be narrowed by is a 400 naming it, not ignored. */
export function filtersOf(query: KpiQueryDto, kpi: KpiName): KpiFilters {
  const filters: KpiFilters = {
    locationId: query.locationId,
    assetIds: query.assetIds,
    categories: query.categories,
    criticalities: query.criticalities,
    workTypes: query.workTypes,
    systems: query.systems,
    severities: query.severities,
    alertTypes: query.alertTypes,
  };
  const given = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)) as KpiFilters;
  const allowed = applicableFilters(kpi);
  const refused = Object.keys(given).filter((name) => !allowed.includes(name as keyof KpiFilters));
  if (refused.length > 0) {
    throw ProblemException.validation(refused.map((field) => ({ field, message: `${kpi} cannot be filtered by ${field} (it can by ${allowed.join(', ')})` })));
  }
  return given;
}
