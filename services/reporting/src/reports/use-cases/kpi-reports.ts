import { KeysetPage, TenantTransactions, type CursorPageQuery, type Page, type Principal } from '@mate/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { computeKpi, computeTrend, type Granularity, type KpiDrillDown, type KpiFigure, type KpiName, type KpiSettings } from '../../kpis';
import { enterGeneration } from '../../generations';
import { readFacts } from '../../projections';
import { ProjectionFreshness, type Freshness } from '../../freshness';
import { filtersOf, periodOf } from '../report-query';
import type { KpiQueryDto } from '../dtos/kpi-query.dto';
import { readAlertRows, readConnectionStateRows, readDowntimeRows, readWorkOrderRows } from '../drill-down.repository';

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

export const KPI_SETTINGS = Symbol('KPI_SETTINGS');

/** The records behind a figure: which ids of its drill-down, read how. */
const DRILL_DOWNS = {
  workOrders: { ids: (drillDown: KpiDrillDown) => drillDown.workOrderIds, read: readWorkOrderRows },
  downtime: { ids: (drillDown: KpiDrillDown) => drillDown.downtimeIds, read: readDowntimeRows },
  connectionStates: { ids: (drillDown: KpiDrillDown) => drillDown.connectionStateIds ?? [], read: readConnectionStateRows },
  alerts: { ids: (drillDown: KpiDrillDown) => drillDown.alertIds ?? [], read: readAlertRows },
};

export type DrillDownKind = keyof typeof DRILL_DOWNS;
type RowOf<K extends DrillDownKind> = Awaited<ReturnType<(typeof DRILL_DOWNS)[K]['read']>>[number];

const BY_ID = { tag: 'id', descending: false, columns: [{ name: 'id', sql: 'id', type: 'uuid' as const }] };

/**
 * The KPI answers: a figure, its trend, and the records behind it, each for the caller's tenant
 * (row-level security), read from the active projection generation, with the projection's freshness.
 */
@Injectable()
export class KpiReports {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ProjectionFreshness) private readonly freshness: ProjectionFreshness,
    @Inject(KPI_SETTINGS) private readonly settings: KpiSettings,
  ) {}

  async figure(principal: Principal, kpi: KpiName, query: KpiQueryDto, asOf = Date.now()): Promise<FigureAnswer> {
    const period = periodOf(query);
    const filters = filtersOf(query, kpi);
    const facts = await this.read(principal, (manager) => readFacts(manager, period));
    return { figure: computeKpi(facts, { kpi, period, filters, asOf, settings: this.settings }), freshness: this.freshness.current() };
  }

  async trend(principal: Principal, kpi: KpiName, query: KpiQueryDto, granularity: Granularity, asOf = Date.now()): Promise<TrendAnswer> {
    const period = periodOf(query);
    const filters = filtersOf(query, kpi);
    const facts = await this.read(principal, (manager) => readFacts(manager, period));
    const points = computeTrend(facts, { kpi, period, filters, asOf, settings: this.settings }, granularity);
    return { kpi, granularity, points, freshness: this.freshness.current() };
  }

  /** The records of one kind a figure was computed from, by id, a page at a time. */
  async drillDown<K extends DrillDownKind>(principal: Principal, kpi: KpiName, kind: K, query: KpiQueryDto & CursorPageQuery): Promise<DrillDownAnswer<RowOf<K>>> {
    const { figure } = await this.figure(principal, kpi, query);
    const keyset = new KeysetPage(BY_ID, query);
    const after = keyset.after?.['id'];
    const ids = DRILL_DOWNS[kind].ids(figure.drillDown).filter((id) => after === undefined || id > after).slice(0, keyset.limit + 1);
    const read = DRILL_DOWNS[kind].read as (manager: EntityManager, ids: readonly string[]) => Promise<RowOf<K>[]>;
    const rows = await this.read(principal, (manager) => read(manager, ids));
    return { ...keyset.finish(rows, rows.map((row) => ({ cursor_id: row.id }))), freshness: this.freshness.current() };
  }

  /** Reads in the caller's tenant, from the generation active when the transaction began. */
  private read<T>(principal: Principal, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.transactions.run(principal, async (manager) => {
      await enterGeneration(manager);
      return work(manager);
    });
  }
}
