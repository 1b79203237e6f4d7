import { KeysetPage, TenantTransactions, type CursorPageQuery, type Page, type Principal } from '@mate/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { computeKpi, computeTrend, type Granularity, type KpiFigure, type KpiName } from '../../kpis';
import { readFacts } from '../../projections';
import { ProjectionFreshness, type Freshness } from '../../freshness';
import { filtersOf, periodOf } from '../report-query';
import type { KpiQueryDto } from '../dtos/kpi-query.dto';
import { readDowntimeRows, readWorkOrderRows, type DowntimeRow, type WorkOrderRow } from '../drill-down.repository';

export interface FigureAnswer {
  figure: KpiFigure;
  freshness: Freshness;
}

export interface TrendAnswer {
  kpi: KpiName;
  granularity: Granularity;
  points: KpiFigure[];
  freshness: Freshness;
}

export type DrillDownAnswer<T> = Page<T> & { freshness: Freshness };

const BY_ID = { tag: 'id', descending: false, columns: [{ name: 'id', sql: 'id', type: 'uuid' as const }] };

/**
 * The KPI answers: a figure, its trend, and the records behind it, each for the caller's tenant
 * (row-level security) and with the projection's freshness.
 */
@Injectable()
export class KpiReports {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ProjectionFreshness) private readonly freshness: ProjectionFreshness,
  ) {}

  async figure(principal: Principal, kpi: KpiName, query: KpiQueryDto, asOf = Date.now()): Promise<FigureAnswer> {
    const period = periodOf(query);
    const facts = await this.transactions.run(principal, (manager) => readFacts(manager, period));
    return { figure: computeKpi(facts, { kpi, period, filters: filtersOf(query), asOf }), freshness: this.freshness.current() };
  }

  async trend(principal: Principal, kpi: KpiName, query: KpiQueryDto, granularity: Granularity, asOf = Date.now()): Promise<TrendAnswer> {
    const period = periodOf(query);
    const facts = await this.transactions.run(principal, (manager) => readFacts(manager, period));
    const points = computeTrend(facts, { kpi, period, filters: filtersOf(query), asOf }, granularity);
    return { kpi, granularity, points, freshness: this.freshness.current() };
  }

  /** The work orders a figure was computed from, by id, a page at a time. */
  async workOrders(principal: Principal, kpi: KpiName, query: KpiQueryDto & CursorPageQuery): Promise<DrillDownAnswer<WorkOrderRow>> {
    const { figure } = await this.figure(principal, kpi, query);
    const page = this.pageOf(figure.drillDown.workOrderIds, query);
    const rows = await this.transactions.run(principal, (manager) => readWorkOrderRows(manager, page.ids));
    return { ...page.finish(rows), freshness: this.freshness.current() };
  }

  /** The downtime intervals a figure was computed from, by id, a page at a time. */
  async downtime(principal: Principal, kpi: KpiName, query: KpiQueryDto & CursorPageQuery): Promise<DrillDownAnswer<DowntimeRow>> {
    const { figure } = await this.figure(principal, kpi, query);
    const page = this.pageOf(figure.drillDown.downtimeIds, query);
    const rows = await this.transactions.run(principal, (manager) => readDowntimeRows(manager, page.ids));
    return { ...page.finish(rows), freshness: this.freshness.current() };
  }

  private pageOf(ids: readonly string[], query: CursorPageQuery): { ids: string[]; finish<T extends { id: string }>(rows: T[]): Page<T> } {
    const keyset = new KeysetPage(BY_ID, query);
    const after = keyset.after?.['id'];
    const pageIds = ids.filter((id) => after === undefined || id > after).slice(0, keyset.limit + 1);
    return {
      ids: pageIds,
      finish: (rows) => keyset.finish(rows, rows.map((row) => ({ cursor_id: row.id }))),
    };
  }
}
